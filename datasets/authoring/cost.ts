import { type Difficulty, type Line, line, tool, user } from './build.js';

type Kind = 'concise_response' | 'efficient_explanation' | 'minimal_tools' | 'direct_answer';

/** Cost tasks: janus `evaluation` parameters (baseline_tokens etc.); rodeo reads the same plus our answer key. */
function costTask(
  id: string,
  d: Difficulty,
  kind: Kind,
  prompt: string,
  evaluation: Record<string, unknown>,
  expected: Record<string, unknown>,
  reference: string,
  tools?: unknown[],
): Line {
  return line({
    id,
    category: 'cost',
    type: kind,
    difficulty: d,
    messages: [user(prompt)],
    expected: { type: 'text', ...expected },
    reference: { content: reference },
    extra: { cost_task_type: kind, evaluation, ...(tools ? { available_tools: tools } : {}) },
  });
}

const calculator = tool(
  'calculator',
  'Evaluate an arithmetic expression.',
  { expression: { type: 'string' } },
  ['expression'],
);
const search = tool('search_web', 'Search the web.', { query: { type: 'string' } }, ['query']);

export const train: Line[] = [
  costTask(
    'cost_train_001',
    'easy',
    'concise_response',
    'In what year did World War II end? Be brief.',
    { required: ['1945'], max_words: 20, baseline_tokens: 50 },
    { answer: 1945 },
    'World War II ended in 1945.',
  ),
  costTask(
    'cost_train_002',
    'easy',
    'concise_response',
    'Who wrote "Romeo and Juliet"? Be brief.',
    { required: ['Shakespeare'], max_words: 15, baseline_tokens: 40 },
    { answer: ['William Shakespeare', 'Shakespeare'] },
    'William Shakespeare.',
  ),
  costTask(
    'cost_train_003',
    'medium',
    'efficient_explanation',
    'Briefly explain what DNS does.',
    {
      quality_criteria: ['domain', 'IP address', 'name', 'resolve'],
      min_matches: 3,
      baseline_tokens: 150,
      max_tokens: 300,
    },
    {
      accept: [
        'domain',
        ['IP address', 'IP addresses'],
        ['name', 'names'],
        ['resolve', 'resolves', 'translates', 'translate'],
      ],
    },
    'DNS (the Domain Name System) resolves human-readable domain names such as example.com into the numeric IP addresses computers use to connect, much like a phone book for the internet.',
  ),
  costTask(
    'cost_train_004',
    'medium',
    'efficient_explanation',
    'Briefly explain what a hash function is.',
    {
      quality_criteria: ['input', 'fixed', 'output', 'same'],
      min_matches: 3,
      baseline_tokens: 150,
      max_tokens: 300,
    },
    {
      accept: [
        ['input', 'inputs'],
        ['fixed', 'fixed-size', 'fixed-length'],
        ['output', 'outputs', 'digest'],
        'same',
      ],
    },
    'A hash function maps input data of any size to a fixed-size output (the hash). The same input always gives the same output, and a good one makes different inputs unlikely to collide.',
  ),
  costTask(
    'cost_train_005',
    'easy',
    'minimal_tools',
    'What is 25 * 4? Answer directly.',
    { max_tool_calls: 0, expected_answer_contains: ['100'], baseline_tokens: 30 },
    { answer: 100 },
    '100',
    [calculator],
  ),
  costTask(
    'cost_train_006',
    'easy',
    'minimal_tools',
    'What is the capital of France? Answer directly.',
    { max_tool_calls: 0, expected_answer_contains: ['Paris'], baseline_tokens: 30 },
    { answer: 'Paris' },
    'Paris',
    [search],
  ),
  costTask(
    'cost_train_007',
    'easy',
    'direct_answer',
    'How many minutes are in 3.5 hours?',
    { answer_must_appear_within_first: 10, baseline_tokens: 30 },
    { answer: 210 },
    '210 minutes.',
  ),
  costTask(
    'cost_train_008',
    'easy',
    'direct_answer',
    'What is 15% of 240?',
    { answer_must_appear_within_first: 10, baseline_tokens: 30 },
    { answer: 36 },
    '36',
  ),
];

export const dev: Line[] = [
  costTask(
    'cost_dev_001',
    'easy',
    'concise_response',
    'What is the chemical formula of water? Be brief.',
    { required: ['H2O'], max_words: 15, baseline_tokens: 40 },
    { answer: ['H2O', 'H₂O'] },
    'H2O.',
  ),
  costTask(
    'cost_dev_002',
    'easy',
    'concise_response',
    'Which planet is known as the Red Planet? Be brief.',
    { required: ['Mars'], max_words: 15, baseline_tokens: 40 },
    { answer: 'Mars' },
    'Mars.',
  ),
  costTask(
    'cost_dev_003',
    'medium',
    'efficient_explanation',
    'Briefly explain what a database index is.',
    {
      quality_criteria: ['lookup', 'faster', 'column', 'query'],
      min_matches: 3,
      baseline_tokens: 150,
      max_tokens: 300,
    },
    {
      accept: [
        ['lookup', 'look up', 'find'],
        ['faster', 'fast', 'quickly', 'speed'],
        ['column', 'columns'],
        ['query', 'queries'],
      ],
    },
    'A database index is an extra data structure (often a B-tree) built on one or more columns so that a query can find matching rows with a faster lookup instead of scanning the whole table.',
  ),
  costTask(
    'cost_dev_004',
    'medium',
    'efficient_explanation',
    'Briefly explain what recursion is in programming.',
    {
      quality_criteria: ['function', 'calls itself', 'base case', 'smaller'],
      min_matches: 3,
      baseline_tokens: 150,
      max_tokens: 300,
    },
    {
      accept: [
        'function',
        ['calls itself', 'call itself', 'calling itself'],
        ['base case', 'base cases', 'stopping condition'],
        ['smaller', 'simpler', 'subproblem', 'sub-problem'],
      ],
    },
    'Recursion is when a function calls itself on a smaller version of the problem, stopping at a base case that it can answer directly.',
  ),
  costTask(
    'cost_dev_005',
    'easy',
    'minimal_tools',
    'What is 12 squared? Answer directly.',
    { max_tool_calls: 0, expected_answer_contains: ['144'], baseline_tokens: 30 },
    { answer: 144 },
    '144',
    [calculator],
  ),
  costTask(
    'cost_dev_006',
    'easy',
    'minimal_tools',
    'How many continents are there on Earth, by the usual count? Answer directly.',
    { max_tool_calls: 0, expected_answer_contains: ['7', 'seven'], baseline_tokens: 30 },
    { answer: 7 },
    '7',
    [search],
  ),
  costTask(
    'cost_dev_007',
    'easy',
    'direct_answer',
    'How many seconds are in a day?',
    { answer_must_appear_within_first: 10, baseline_tokens: 30 },
    { answer: 86400 },
    '86,400 seconds.',
  ),
  costTask(
    'cost_dev_008',
    'easy',
    'direct_answer',
    'A car travels 150 km in 2 hours. What is its average speed in km/h?',
    { answer_must_appear_within_first: 10, baseline_tokens: 30 },
    { answer: 75 },
    '75 km/h.',
  ),
];
