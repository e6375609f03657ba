import { assistant, exactTask, type Line, line, numericTask, user } from '../authoring/build.js';
import type { Constraint } from '../evaluate/rodeo/constraints.js';
import type { Rng } from '../prng.js';
import { CLOSINGS, FILLERS, FORBIDDEN, TOPICS } from './facts.js';
import { CITIES, CODE_CHARS, NAMES } from './pools.js';

/**
 * Instruction following: tips on a topic under checkable rules (bullet count, word range, required and forbidden
 * words, a closing line), graded by the constraints evaluator; the optional judge can only lower the grade.
 */
export function instructionGen(rng: Rng, id: string): Line {
  const { topic, keywords } = rng.pick(TOPICS);
  const count = rng.int(3, 5);
  const required = rng.sample(keywords, 2);
  const forbidden = rng.pick(FORBIDDEN);
  const closing = rng.pick(CLOSINGS);
  const min = count * 8;
  const max = count * 25;
  const fillers = rng.sample(FILLERS, count);
  const tips = fillers.map((f, i) =>
    i < required.length ? `- Give ${required[i]} some thought: ${f.toLowerCase()}` : `- ${f}`,
  );
  const reference = `${tips.join('\n')}\n${closing}`;
  const constraints: Constraint[] = [
    { kind: 'bullets', count },
    { kind: 'words', min, max },
    { kind: 'include', words: required },
    { kind: 'exclude', words: [forbidden] },
    { kind: 'ends_with', text: closing },
  ];
  const rules = [
    `exactly ${count} bullet points, each on its own line starting with "- ", and no other text except the last line`,
    `between ${min} and ${max} words in total`,
    `use the words "${required[0]}" and "${required[1]}"`,
    `never use the word "${forbidden}"`,
    `end with this line on its own: ${closing}`,
  ];
  return line({
    id,
    category: 'chat',
    type: 'instructions',
    difficulty: 'medium',
    messages: [
      user(`Give me tips about ${topic}. Follow every rule:\n${rules.map((r) => `- ${r}`).join('\n')}`),
    ],
    expected: { type: 'text', contains: [...required, closing], constraints, judge: true },
    reference: { content: reference },
  });
}

type Turns = ReturnType<typeof user>[];

/** Multi-turn context: the facts the last question needs are spread over earlier turns of the conversation. */
export function multiTurnGen(rng: Rng, id: string): Line {
  if (rng.below(2) === 0) {
    const city = rng.pick(CITIES);
    const budget = rng.int(24, 180) * 25;
    const friends = rng.int(2, 6);
    const joined = rng.int(1, 3);
    const people = 1 + friends + joined;
    const value = Math.round((budget / people) * 100) / 100;
    const turns: Turns = [
      user(`I'm planning a weekend in ${city} with some friends.`),
      assistant(`That sounds lovely! ${city} is a good choice. What would you like help with?`),
      user(`Our shared budget is ${budget} euros, and it has to cover everything.`),
      assistant('Noted. I will keep that budget in mind.'),
      user(`${friends} friends are coming with me.`),
      assistant('Great, thanks for letting me know.'),
      user(
        `Update: ${joined} more ${joined === 1 ? 'friend has' : 'friends have'} just joined us. If we split the budget equally between everyone, me included, how many euros does each person get? Round to the cent and finish with a line "Answer: <number>".`,
      ),
    ];
    return numericTask(
      'chat',
      id,
      'medium',
      turns,
      value,
      `You, ${friends} friends and ${joined} who joined make ${people} people; ${budget} ÷ ${people} = ${value.toFixed(2)} euros each.\nAnswer: ${value}`,
      { tolerance: { abs: 0.011 } },
    );
  }
  const code = Array.from({ length: 4 }, () => rng.pick([...CODE_CHARS])).join('');
  const colleague = rng.pick(NAMES);
  const ext = String(rng.int(200, 989));
  const other = String(rng.int(200, 989));
  const decoy = other === ext ? String(Number(ext) + 1) : other;
  const turns: Turns = [
    user(`Please remember my locker code for me: ${code}.`),
    assistant('Done, I will remember it.'),
    user(`Also, ${colleague}'s phone extension used to be ${decoy}.`),
    assistant('Noted.'),
    user(`Correction: ${colleague} moved desks, and the extension is now ${ext}.`),
    assistant('Thanks, I have updated it.'),
    user(
      `Reply with my locker code, then a dash, then ${colleague}'s current extension, as one string on a line "Answer: <code>-<extension>".`,
    ),
  ];
  const answer = `${code}-${ext}`;
  return exactTask('chat', id, 'medium', turns, answer, `Answer: ${answer}`, {
    reject: [`${code}-${decoy}`],
  });
}
