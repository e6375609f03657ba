import type { SimProfile } from './profiles.js';
import type { SimAnswer } from './wrong-answers.js';

/**
 * What a simulated miner says to a prompt that is not a benchmark task (an arena battle, a curious user): a
 * canned reply, labelled as simulated, that describes how its profile streams, so the arena shows each profile's
 * shape side by side. No digits and no lone option letters: should a benchmark task ever miss the index, this
 * reply grades as wrong as "I don't know" did.
 */
export function cannedAnswer(profile: SimProfile): SimAnswer {
  const content = [
    `[simulated reply · ${profile.model}]`,
    `This devnet miner has no model behind it. Its simulator answers benchmark tasks from their answer keys, and your prompt is not one of them, so it sends this canned reply instead, in its profile's shape: ${shapeOf(profile)}.`,
    "On a real subnet the miner's engine would answer your prompt here; in the arena, vote for the reply that reads and streams better, as you would for real ones.",
  ].join('\n\n');
  return {
    reasoning: profile.reasoning
      ? 'Simulated reasoning: the prompt matches no benchmark task, so the canned reply follows.\n'
      : '',
    content,
    toolCalls: [],
  };
}

function shapeOf(profile: SimProfile): string {
  const slowStart = profile.firstTokenMs[0] >= 1000;
  const start = slowStart ? 'a slow start (seconds of silence before the first word)' : 'a quick first word';
  const stream = profile.stream;
  switch (stream.kind) {
    case 'steady':
      return stream.gapMs[1] <= 50
        ? `${slowStart ? 'slow' : 'fast'}: ${start}, then a steady, fast stream`
        : `average: ${start}, then an uneven, moderate stream`;
    case 'bursty':
      return `bursty: ${start}, then the text in a few large bursts after long silences`;
    case 'failing':
      return 'broken: every answer fails (a server error, a cut or malformed stream, an error event, or nothing)';
  }
}
