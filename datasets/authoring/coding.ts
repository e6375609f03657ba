import { codeTask, type Line } from './build.js';

const py = (fn: string, task: string, examples: string) =>
  `Write a Python function \`${fn}\`. ${task}\n\nExamples:\n${examples}\n\nReply with the complete function in one \`\`\`python code block (standard library only).`;
const js = (fn: string, task: string, examples: string) =>
  `Write a JavaScript function \`${fn}\`. ${task}\n\nExamples:\n${examples}\n\nReply with the complete function in one \`\`\`javascript code block (no imports, no require).`;

export const train: Line[] = [
  codeTask(
    'coding_train_001',
    'easy',
    'python',
    'is_palindrome',
    py(
      'is_palindrome(s: str) -> bool',
      'It returns True when `s` reads the same forwards and backwards, ignoring case and every character that is not a letter or digit.',
      "is_palindrome('A man, a plan, a canal: Panama') -> True\nis_palindrome('hello') -> False",
    ),
    [
      { input: ['A man, a plan, a canal: Panama'], output: true },
      { input: ['hello'], output: false },
      { input: [''], output: true },
      { input: ['No lemon, no melon'], output: true },
      { input: ['ab2a'], output: false },
      { input: ['12321'], output: true },
    ],
    `def is_palindrome(s: str) -> bool:
    chars = [c.lower() for c in s if c.isalnum()]
    return chars == chars[::-1]`,
  ),
  codeTask(
    'coding_train_002',
    'easy',
    'python',
    'fizzbuzz',
    py(
      'fizzbuzz(n: int) -> list[str]',
      'It returns the strings for 1..n: "Fizz" for multiples of 3, "Buzz" for multiples of 5, "FizzBuzz" for multiples of both, else the number as a string.',
      "fizzbuzz(5) -> ['1', '2', 'Fizz', '4', 'Buzz']",
    ),
    [
      { input: [5], output: ['1', '2', 'Fizz', '4', 'Buzz'] },
      {
        input: [15],
        output: [
          '1',
          '2',
          'Fizz',
          '4',
          'Buzz',
          'Fizz',
          '7',
          '8',
          'Fizz',
          'Buzz',
          '11',
          'Fizz',
          '13',
          '14',
          'FizzBuzz',
        ],
      },
      { input: [1], output: ['1'] },
      { input: [0], output: [] },
    ],
    `def fizzbuzz(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        if i % 15 == 0:
            out.append('FizzBuzz')
        elif i % 3 == 0:
            out.append('Fizz')
        elif i % 5 == 0:
            out.append('Buzz')
        else:
            out.append(str(i))
    return out`,
  ),
  codeTask(
    'coding_train_003',
    'medium',
    'python',
    'word_count',
    py(
      'word_count(text: str) -> dict[str, int]',
      'It counts words case-insensitively; a word is a maximal run of letters a-z (anything else separates words).',
      "word_count('The cat and the hat.') -> {'the': 2, 'cat': 1, 'and': 1, 'hat': 1}",
    ),
    [
      { input: ['The cat and the hat.'], output: { the: 2, cat: 1, and: 1, hat: 1 } },
      { input: [''], output: {} },
      { input: ["Don't stop-believing!"], output: { don: 1, t: 1, stop: 1, believing: 1 } },
      { input: ['a A a'], output: { a: 3 } },
    ],
    `import re

def word_count(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in re.findall(r'[a-z]+', text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts`,
  ),
  codeTask(
    'coding_train_004',
    'medium',
    'python',
    'flatten',
    py(
      'flatten(items: list) -> list',
      'It flattens arbitrarily nested lists into one list, keeping the order of the elements.',
      'flatten([1, [2, [3, 4]], 5]) -> [1, 2, 3, 4, 5]',
    ),
    [
      { input: [[1, [2, [3, 4]], 5]], output: [1, 2, 3, 4, 5] },
      { input: [[]], output: [] },
      { input: [[[[[]]], 'a', ['b', ['c']]]], output: ['a', 'b', 'c'] },
      { input: [[1, 2, 3]], output: [1, 2, 3] },
    ],
    `def flatten(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out`,
  ),
  codeTask(
    'coding_train_005',
    'medium',
    'python',
    'roman_to_int',
    py(
      'roman_to_int(s: str) -> int',
      'It converts a Roman numeral (I, V, X, L, C, D, M with subtractive pairs such as IV and CM) to an integer.',
      "roman_to_int('XIV') -> 14\nroman_to_int('MCMXCIV') -> 1994",
    ),
    [
      { input: ['XIV'], output: 14 },
      { input: ['MCMXCIV'], output: 1994 },
      { input: ['III'], output: 3 },
      { input: ['LVIII'], output: 58 },
      { input: ['MMXXV'], output: 2025 },
      { input: ['CDXLIV'], output: 444 },
    ],
    `def roman_to_int(s: str) -> int:
    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total`,
  ),
  codeTask(
    'coding_train_006',
    'hard',
    'python',
    'merge_intervals',
    py(
      'merge_intervals(intervals: list[list[int]]) -> list[list[int]]',
      'It merges overlapping or touching closed intervals and returns them sorted by start.',
      'merge_intervals([[1, 3], [2, 6], [8, 10], [10, 12]]) -> [[1, 6], [8, 12]]',
    ),
    [
      {
        input: [
          [
            [1, 3],
            [2, 6],
            [8, 10],
            [10, 12],
          ],
        ],
        output: [
          [1, 6],
          [8, 12],
        ],
      },
      { input: [[]], output: [] },
      {
        input: [
          [
            [5, 7],
            [1, 2],
          ],
        ],
        output: [
          [1, 2],
          [5, 7],
        ],
      },
      {
        input: [
          [
            [1, 10],
            [2, 3],
            [4, 5],
          ],
        ],
        output: [[1, 10]],
      },
    ],
    `def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged`,
  ),
  codeTask(
    'coding_train_007',
    'easy',
    'javascript',
    'camelToSnake',
    js(
      'camelToSnake(s)',
      'It converts a camelCase identifier to snake_case (each upper-case letter becomes an underscore plus the lower-case letter).',
      "camelToSnake('userAccountId') -> 'user_account_id'",
    ),
    [
      { input: ['userAccountId'], output: 'user_account_id' },
      { input: ['simple'], output: 'simple' },
      { input: ['aB'], output: 'a_b' },
      { input: ['parseHTTPResponse'], output: 'parse_h_t_t_p_response' },
    ],
    `function camelToSnake(s) {
  return s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}`,
  ),
  codeTask(
    'coding_train_008',
    'easy',
    'javascript',
    'chunk',
    js(
      'chunk(arr, size)',
      'It splits an array into consecutive chunks of `size` elements (the last chunk may be shorter).',
      'chunk([1, 2, 3, 4, 5], 2) -> [[1, 2], [3, 4], [5]]',
    ),
    [
      { input: [[1, 2, 3, 4, 5], 2], output: [[1, 2], [3, 4], [5]] },
      { input: [[], 3], output: [] },
      { input: [[1, 2, 3], 3], output: [[1, 2, 3]] },
      { input: [['a', 'b', 'c'], 1], output: [['a'], ['b'], ['c']] },
    ],
    `function chunk(arr, size) {
  const out = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}`,
  ),
  codeTask(
    'coding_train_009',
    'medium',
    'python',
    'second_largest',
    `This Python function should return the second largest distinct value in a list, or None when there is none, but it is buggy:\n\n\`\`\`python\ndef second_largest(nums):\n    nums = sorted(nums)\n    return nums[-2]\n\`\`\`\n\nFix it. second_largest([3, 5, 5, 1]) -> 3; second_largest([7]) -> None. Reply with the fixed function in one \`\`\`python code block.`,
    [
      { input: [[3, 5, 5, 1]], output: 3 },
      { input: [[7]], output: null },
      { input: [[2, 2, 2]], output: null },
      { input: [[-1, -5, -3]], output: -3 },
      { input: [[1, 2]], output: 1 },
    ],
    `def second_largest(nums):
    distinct = sorted(set(nums))
    return distinct[-2] if len(distinct) >= 2 else None`,
  ),
  codeTask(
    'coding_train_010',
    'easy',
    'python',
    'binary_search',
    py(
      'binary_search(arr: list[int], target: int) -> int',
      'It returns the index of `target` in the sorted list `arr`, or -1 when absent, in O(log n).',
      'binary_search([1, 3, 5, 7, 9], 7) -> 3\nbinary_search([1, 3, 5], 4) -> -1',
    ),
    [
      { input: [[1, 3, 5, 7, 9], 7], output: 3 },
      { input: [[1, 3, 5], 4], output: -1 },
      { input: [[], 1], output: -1 },
      { input: [[2], 2], output: 0 },
      { input: [[1, 2, 3, 4, 5, 6, 7, 8], 1], output: 0 },
    ],
    `def binary_search(arr: list[int], target: int) -> int:
    lo, hi = 0, len(arr) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if arr[mid] == target:
            return mid
        if arr[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1`,
  ),
  codeTask(
    'coding_train_011',
    'medium',
    'javascript',
    'isBalanced',
    js(
      'isBalanced(s)',
      'It returns true when every (, [ and { in `s` is closed by the matching bracket in the right order; other characters are ignored.',
      "isBalanced('a(b[c]{d}e)') -> true\nisBalanced('(]') -> false",
    ),
    [
      { input: ['a(b[c]{d}e)'], output: true },
      { input: ['(]'], output: false },
      { input: [''], output: true },
      { input: ['(('], output: false },
      { input: ['{[()()]}'], output: true },
      { input: [')('], output: false },
    ],
    `function isBalanced(s) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const c of s) {
    if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}`,
  ),
  codeTask(
    'coding_train_012',
    'easy',
    'python',
    'gcd_list',
    py(
      'gcd_list(nums: list[int]) -> int',
      'It returns the greatest common divisor of all the positive integers in `nums`.',
      'gcd_list([12, 18, 24]) -> 6',
    ),
    [
      { input: [[12, 18, 24]], output: 6 },
      { input: [[7]], output: 7 },
      { input: [[5, 10, 3]], output: 1 },
      { input: [[100, 75, 50]], output: 25 },
    ],
    `from math import gcd
from functools import reduce

def gcd_list(nums: list[int]) -> int:
    return reduce(gcd, nums)`,
  ),
];

export const dev: Line[] = [
  codeTask(
    'coding_dev_001',
    'easy',
    'python',
    'reverse_words',
    py(
      'reverse_words(s: str) -> str',
      'It reverses the order of the words (separated by whitespace) and joins them with single spaces.',
      "reverse_words('the sky  is blue') -> 'blue is sky the'",
    ),
    [
      { input: ['the sky  is blue'], output: 'blue is sky the' },
      { input: ['  hello world  '], output: 'world hello' },
      { input: ['one'], output: 'one' },
      { input: [''], output: '' },
    ],
    `def reverse_words(s: str) -> str:
    return ' '.join(reversed(s.split()))`,
  ),
  codeTask(
    'coding_dev_002',
    'easy',
    'javascript',
    'sumDigits',
    js(
      'sumDigits(n)',
      'It returns the sum of the decimal digits of the integer `n` (the sign is ignored).',
      'sumDigits(4096) -> 19\nsumDigits(-35) -> 8',
    ),
    [
      { input: [4096], output: 19 },
      { input: [-35], output: 8 },
      { input: [0], output: 0 },
      { input: [99999], output: 45 },
    ],
    `function sumDigits(n) {
  return String(Math.abs(n)).split('').reduce((s, d) => s + Number(d), 0);
}`,
  ),
  codeTask(
    'coding_dev_003',
    'medium',
    'python',
    'caesar',
    py(
      'caesar(text: str, shift: int) -> str',
      'It shifts every letter by `shift` places in the alphabet (wrapping around, keeping case); other characters are unchanged. `shift` may be negative.',
      "caesar('Hello, World!', 3) -> 'Khoor, Zruog!'",
    ),
    [
      { input: ['Hello, World!', 3], output: 'Khoor, Zruog!' },
      { input: ['xyz', 2], output: 'zab' },
      { input: ['Abc', -1], output: 'Zab' },
      { input: ['Rodeo 2025', 26], output: 'Rodeo 2025' },
    ],
    `def caesar(text: str, shift: int) -> str:
    out = []
    for c in text:
        if c.isascii() and c.isalpha():
            base = ord('A') if c.isupper() else ord('a')
            out.append(chr((ord(c) - base + shift) % 26 + base))
        else:
            out.append(c)
    return ''.join(out)`,
  ),
  codeTask(
    'coding_dev_004',
    'easy',
    'python',
    'are_anagrams',
    py(
      'are_anagrams(a: str, b: str) -> bool',
      'It returns True when the two strings use the same letters the same number of times, ignoring case and spaces.',
      "are_anagrams('Listen', 'Silent') -> True",
    ),
    [
      { input: ['Listen', 'Silent'], output: true },
      { input: ['Dormitory', 'dirty room'], output: true },
      { input: ['abc', 'abd'], output: false },
      { input: ['aab', 'ab'], output: false },
    ],
    `def are_anagrams(a: str, b: str) -> bool:
    norm = lambda s: sorted(s.replace(' ', '').lower())
    return norm(a) == norm(b)`,
  ),
  codeTask(
    'coding_dev_005',
    'medium',
    'python',
    'rle',
    py(
      'rle(s: str) -> str',
      'It run-length encodes `s`: each run of a repeated character becomes the character followed by the run length.',
      "rle('aaabcc') -> 'a3b1c2'",
    ),
    [
      { input: ['aaabcc'], output: 'a3b1c2' },
      { input: [''], output: '' },
      { input: ['zzzzzzzzzzzz'], output: 'z12' },
      { input: ['abab'], output: 'a1b1a1b1' },
    ],
    `def rle(s: str) -> str:
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f'{s[i]}{j - i}')
        i = j
    return ''.join(out)`,
  ),
  codeTask(
    'coding_dev_006',
    'easy',
    'javascript',
    'uniqueSorted',
    js(
      'uniqueSorted(arr)',
      'It returns the distinct numbers of `arr` sorted in ascending numeric order.',
      'uniqueSorted([3, 1, 10, 3, 2]) -> [1, 2, 3, 10]',
    ),
    [
      { input: [[3, 1, 10, 3, 2]], output: [1, 2, 3, 10] },
      { input: [[]], output: [] },
      { input: [[-1, -1, 0]], output: [-1, 0] },
      { input: [[100, 9, 25]], output: [9, 25, 100] },
    ],
    `function uniqueSorted(arr) {
  return [...new Set(arr)].sort((a, b) => a - b);
}`,
  ),
  codeTask(
    'coding_dev_007',
    'easy',
    'python',
    'transpose',
    py(
      'transpose(m: list[list[int]]) -> list[list[int]]',
      'It returns the transpose of a rectangular matrix.',
      'transpose([[1, 2, 3], [4, 5, 6]]) -> [[1, 4], [2, 5], [3, 6]]',
    ),
    [
      {
        input: [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        output: [
          [1, 4],
          [2, 5],
          [3, 6],
        ],
      },
      { input: [[[1]]], output: [[1]] },
      { input: [[[1, 2]]], output: [[1], [2]] },
    ],
    `def transpose(m: list[list[int]]) -> list[list[int]]:
    return [list(row) for row in zip(*m)]`,
  ),
  codeTask(
    'coding_dev_008',
    'medium',
    'python',
    'count_vowels',
    `This Python function should count the vowels (a, e, i, o, u, upper or lower case) in a string, but it returns wrong results:\n\n\`\`\`python\ndef count_vowels(s):\n    count = 0\n    for c in s:\n        if c in 'aeiou':\n            count += 1\n        return count\n\`\`\`\n\nFix it. count_vowels('Education') -> 5. Reply with the fixed function in one \`\`\`python code block.`,
    [
      { input: ['Education'], output: 5 },
      { input: ['rhythm'], output: 0 },
      { input: ['AEIOU aeiou'], output: 10 },
      { input: [''], output: 0 },
    ],
    `def count_vowels(s):
    count = 0
    for c in s:
        if c.lower() in 'aeiou':
            count += 1
    return count`,
  ),
  codeTask(
    'coding_dev_009',
    'medium',
    'javascript',
    'deepGet',
    js(
      'deepGet(obj, path)',
      'It follows the dot-separated `path` into nested objects and returns the value found, or null when any step is missing.',
      "deepGet({a: {b: {c: 42}}}, 'a.b.c') -> 42\ndeepGet({a: 1}, 'a.x') -> null",
    ),
    [
      { input: [{ a: { b: { c: 42 } } }, 'a.b.c'], output: 42 },
      { input: [{ a: 1 }, 'a.x'], output: null },
      { input: [{ x: { y: 'z' } }, 'x'], output: { y: 'z' } },
      { input: [{}, 'q'], output: null },
    ],
    `function deepGet(obj, path) {
  let node = obj;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return null;
    node = node[key];
  }
  return node;
}`,
  ),
  codeTask(
    'coding_dev_010',
    'medium',
    'python',
    'primes_up_to',
    py(
      'primes_up_to(n: int) -> list[int]',
      'It returns all primes <= n in ascending order.',
      'primes_up_to(20) -> [2, 3, 5, 7, 11, 13, 17, 19]',
    ),
    [
      { input: [20], output: [2, 3, 5, 7, 11, 13, 17, 19] },
      { input: [1], output: [] },
      { input: [2], output: [2] },
      { input: [50], output: [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47] },
    ],
    `def primes_up_to(n: int) -> list[int]:
    if n < 2:
        return []
    sieve = [True] * (n + 1)
    sieve[0] = sieve[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = [False] * len(range(i * i, n + 1, i))
    return [i for i, p in enumerate(sieve) if p]`,
  ),
  codeTask(
    'coding_dev_011',
    'medium',
    'python',
    'longest_common_prefix',
    py(
      'longest_common_prefix(words: list[str]) -> str',
      'It returns the longest string that every word starts with ("" for an empty list).',
      "longest_common_prefix(['flower', 'flow', 'flight']) -> 'fl'",
    ),
    [
      { input: [['flower', 'flow', 'flight']], output: 'fl' },
      { input: [['dog', 'racecar', 'car']], output: '' },
      { input: [[]], output: '' },
      { input: [['same', 'same']], output: 'same' },
    ],
    `def longest_common_prefix(words: list[str]) -> str:
    if not words:
        return ''
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix`,
  ),
];
