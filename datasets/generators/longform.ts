import { type Line, line, numericTask, user } from '../authoring/build.js';
import type { Constraint } from '../evaluate/rodeo/constraints.js';
import type { Rng } from '../prng.js';
import { ELEMENTS, FILLERS, TOPICS } from './facts.js';
import { ITEMS, NAMES } from './pools.js';

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** janus-bench long_response streaming targets (the streaming dimension's parameters). */
const LONG = { ttft_target_ms: 1000, min_tokens: 200, tps_target: 15, continuity_target: 0.6 };

/**
 * Long-form streaming: a guide in N numbered sections, section i about keyword i (and no other section's
 * keyword), each of at least 25 words: a long answer whose structure is checked, streamed and timed.
 */
export function longFormGen(rng: Rng, id: string): Line {
  const { topic, keywords } = rng.pick(TOPICS);
  const n = rng.int(4, 6);
  const chosen = rng.sample(keywords, n);
  const minWordsEach = 25;
  const sections = chosen.map((keyword, i) => {
    const [f1, f2, f3] = rng.sample(FILLERS, 3);
    return `${i + 1}. ${cap(keyword)}\nIn ${topic}, ${keyword} is one of the parts that needs real care. ${f1} ${f2} ${f3}`;
  });
  const constraints: Constraint[] = [
    { kind: 'sections', keywords: chosen, minWordsEach },
    { kind: 'words', min: n * minWordsEach },
  ];
  return line({
    id,
    category: 'streaming',
    type: 'long_response',
    difficulty: 'medium',
    messages: [
      user(
        `Write a practical guide to ${topic} in exactly ${n} numbered sections. Start each section with a line "<number>. <title>". Section k is about the k-th of these, in order: ${chosen.join(', ')}. Mention each one only in its own section, and write at least ${minWordsEach} words per section.`,
      ),
    ],
    expected: { type: 'text', contains: chosen, constraints, judge: true },
    reference: { content: sections.join('\n\n') },
    extra: { evaluation: LONG },
  });
}

/**
 * Cost-bounded answers: a short computation from stated or well-known facts, asked for within a stated output
 * budget (max_tokens is sent with the request); quality is correctness (a hedge between numbers is wrong), cost
 * efficiency also counts output tokens, reasoning included, and words (concise_response). Not direct_answer: its
 * grader takes the first number of the reply, so "41 or 42" would pass.
 */
export function costGen(rng: Rng, id: string): Line {
  const budget = rng.pick([16, 24, 32]);
  let question: string;
  let value: number;
  if (rng.below(2) === 0) {
    const name = rng.pick(NAMES);
    const item = rng.pick(ITEMS);
    const boxes = rng.int(3, 14);
    const per = rng.int(6, 24);
    const broken = rng.int(1, per - 1);
    value = boxes * per - broken;
    question = `${name} has ${boxes} boxes of ${per} ${item.plural} each, and ${broken} of the ${item.plural} are broken. How many whole ${item.plural} are there?`;
  } else {
    const [a, b] = rng.sample(ELEMENTS, 2) as [(typeof ELEMENTS)[number], (typeof ELEMENTS)[number]];
    value = a.number * b.number;
    question = `What is the atomic number of ${a.name} multiplied by the atomic number of ${b.name}?`;
  }
  // within the stated budget, full cost efficiency; beyond it, budget / tokens
  const evaluation = { baseline_tokens: budget, max_words: 6, required: [String(value)] };
  return numericTask(
    'cost',
    id,
    'easy',
    `${question} You have a budget of ${budget} output tokens: reply with the number only.`,
    value,
    String(value),
    {
      type: 'concise_response',
      extra: { max_tokens: budget, cost_task_type: 'concise_response', evaluation },
    },
  );
}
