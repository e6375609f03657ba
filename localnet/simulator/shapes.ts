import { cutPiece } from '../../miner-template/index.js';
import { type Script, type ScriptEvent, seededRandom, toolCallScript } from '../scripts.js';
import type { Range, SimProfile } from './profiles.js';
import type { SimAnswer } from './wrong-answers.js';

type Rand = () => number;

const pick = (rand: Rand, [min, max]: Range) => min + rand() * (max - min);
const pickInt = (rand: Rand, [min, max]: Range) => min + Math.floor(rand() * (max - min + 1));

/** The text in pieces of `chars` characters (cut at a space when one is near). */
function pieces(text: string, rand: Rand, chars: Range): string[] {
  const out: string[] = [];
  for (let rest = text; rest; ) {
    const piece = cutPiece(rest, pickInt(rand, chars));
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out;
}

/** The text in `n` irregular parts (cut points drawn at spaces where possible), fewer when the text is short. */
function bursts(text: string, rand: Rand, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  for (let left = n; left > 1 && rest; left--) {
    const share = (0.5 + rand()) / left;
    const piece = cutPiece(rest, Math.max(1, Math.round(rest.length * Math.min(0.8, share))));
    if (piece.length === rest.length) break;
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  if (rest) out.push(rest);
  return out;
}

const FAILURES = ['http-500', 'cut', 'invalid-json', 'error-event', 'empty'] as const;

/** A broken answer: one of the failures, chosen by the seed. */
function failingScript(answer: SimAnswer, rand: Rand, firstMs: number): Script {
  const start: ScriptEvent = { delayMs: firstMs, content: answer.content.slice(0, 12) || 'Hm' };
  switch (FAILURES[Math.floor(rand() * FAILURES.length)]!) {
    case 'http-500':
      return { status: 500, errorMessage: 'simulated upstream failure (sim-broken)', events: [] };
    case 'cut':
      return { events: [start], end: 'cut' };
    case 'invalid-json':
      return { events: [start, { delayMs: 20, raw: 'data: {"choices": [{"delta": {"content": "\n\n' }] };
    case 'error-event':
      return { events: [start], end: 'error' };
    case 'empty':
      return { events: [{ delayMs: firstMs, finishReason: 'stop' }] };
  }
}

/**
 * The scripted-upstream script of an answer in a profile's shape, reproducible from `seed`: reasoning (if the
 * profile reasons), then the content, then tool calls; the first event after the profile's first-token delay.
 */
export function answerScript(profile: SimProfile, answer: SimAnswer, seed: number): Script {
  const rand = seededRandom(seed);
  const firstMs = pick(rand, profile.firstTokenMs);
  const shape = profile.stream;
  if (shape.kind === 'failing') return failingScript(answer, rand, firstMs);
  const events: ScriptEvent[] = [];
  let toolGapMs = 0;
  if (shape.kind === 'steady') {
    const steadily = (text: string, field: 'reasoning' | 'content') => {
      for (const piece of pieces(text, rand, shape.chars))
        events.push({ delayMs: pick(rand, shape.gapMs), [field]: piece });
    };
    steadily(answer.reasoning, 'reasoning');
    steadily(answer.content, 'content');
    toolGapMs = pick(rand, shape.gapMs);
  } else {
    if (answer.reasoning) events.push({ reasoning: answer.reasoning });
    for (const content of bursts(answer.content, rand, pickInt(rand, shape.bursts)))
      events.push({ delayMs: pick(rand, shape.silenceMs), content });
  }
  if (answer.toolCalls.length) {
    const calls = toolCallScript(answer.toolCalls, { gapMs: toolGapMs }).events;
    if (shape.kind === 'bursty') calls[0] = { ...calls[0], delayMs: pick(rand, shape.silenceMs) };
    events.push(...calls);
  }
  if (events.length) events[0] = { ...events[0], delayMs: firstMs };
  return { events };
}
