import {
  type Answer,
  encodePngRgba,
  evaluate,
  needsEvidence,
  pngDataUrl,
  type Reference,
  type Task,
} from '../../datasets/index.js';
import { cutPiece } from '../../miner-template/index.js';

/** What the simulator streams for one request. */
export interface SimAnswer {
  reasoning: string;
  content: string;
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
}

/** A wrong answer may earn at most this quality under the rodeo evaluators (a partial answer, never a right one). */
export const WRONG_MAX_QUALITY = 0.5;

export const DONT_KNOW =
  "I don't know: this simulated upstream has no answer for that request (it answers only tasks it was given).";

const text = (content: string): SimAnswer => ({ reasoning: '', content, toolCalls: [] });

export function asAnswer(a: SimAnswer): Answer {
  return {
    content: a.content,
    reasoning: a.reasoning,
    toolCalls: a.toolCalls.map((c, index) => {
      const argumentsRaw = JSON.stringify(c.arguments);
      return { index, id: `call_${index + 1}`, name: c.name, argumentsRaw, arguments: c.arguments };
    }),
    usage: undefined,
    finishReason: a.toolCalls.length ? 'tool_calls' : 'stop',
  };
}

/** Every number moved by about 10% (at least 1 in its last place): "1669" -> "1836", "3.73" -> "4.10", "05" -> "06". */
export function shiftNumbers(s: string): string {
  return s.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g, (m) => {
    const [whole, fraction = ''] = m.replaceAll(',', '').split('.');
    const unit = 10 ** -fraction.length;
    const n = Number(`${whole}.${fraction || 0}`);
    const shifted = (n + Math.max(unit, Math.round((n * 0.1) / unit) * unit)).toFixed(fraction.length);
    return shifted.padStart(whole!.length + (fraction ? fraction.length + 1 : 0), '0');
  });
}

/** The first half of the lines (or sentences) of a reply: a partial answer. */
function firstHalf(s: string): string | undefined {
  const lines = s.split('\n').filter((l) => l.trim());
  const parts = lines.length > 1 ? lines : s.split(/(?<=[.!?])\s+/);
  if (parts.length < 2) return undefined;
  return parts.slice(0, Math.floor(parts.length / 2)).join(lines.length > 1 ? '\n' : ' ');
}

/** The reply cut off near half its length (JSON that does not parse, a list without its end). */
function cutShort(s: string): string | undefined {
  return s.length >= 8 ? cutPiece(s, Math.floor(s.length / 2)) : undefined;
}

function swapRejected(task: Task, content: string): string | undefined {
  const accepted = [task.expected.answer].flat().filter((a): a is string => typeof a === 'string');
  const rejected = [task.expected.reject].flat().filter((r): r is string => typeof r === 'string');
  if (!accepted.length || !rejected.length) return undefined;
  let out = content;
  for (const a of accepted) {
    const escaped = a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), rejected[0]!);
  }
  return out === content ? `Answer: ${rejected[0]}` : out;
}

function otherChoice(task: Task): string | undefined {
  const { answer, choices } = task.expected;
  if (typeof answer !== 'string' || !Array.isArray(choices) || choices.length < 2) return undefined;
  const at = answer.toUpperCase().charCodeAt(0) - 65;
  return `Answer: ${String.fromCharCode(65 + ((at + 1) % choices.length))}`;
}

function reversedSequence(task: Task): string | undefined {
  const seq = task.expected.sequence;
  if (!Array.isArray(seq) || seq.length < 2) return undefined;
  return `Answer: ${seq
    .map((s) => (Array.isArray(s) ? s[0] : s))
    .reverse()
    .join(', ')}`;
}

/** A grey image: fails pixel checks at the right size, and the size check at another. */
function wrongImages(task: Task): string[] {
  const spec = (task.expected.image ?? {}) as { width?: number; height?: number };
  const w = spec.width ?? 64;
  const h = spec.height ?? 64;
  const grey = (width: number, height: number) =>
    `![image](${pngDataUrl(encodePngRgba(width, height, new Uint8Array(width * height * 4).fill(128)))})`;
  return [grey(w, h), grey(w + 8, h + 8)];
}

const FENCE = /```([\w+-]*)\n([\s\S]*?)```/;

const WRAPPERS: Record<string, (name: string, draft: string) => string> = {
  javascript: (name, draft) =>
    `\n// (simulated mistake) the result is off by one\nfunction ${name}(...args) {\n  const r = ${draft}(...args);\n  if (typeof r === 'number') return r + 1;\n  if (typeof r === 'boolean') return !r;\n  if (typeof r === 'string') return r + 'x';\n  if (Array.isArray(r)) return [...r, 0];\n  return null;\n}\n`,
  python: (name, draft) =>
    `\n# (simulated mistake) the result is off by one\ndef ${name}(*args, **kwargs):\n    r = ${draft}(*args, **kwargs)\n    if isinstance(r, bool):\n        return not r\n    if isinstance(r, (int, float)):\n        return r + 1\n    if isinstance(r, str):\n        return r + "x"\n    if isinstance(r, list):\n        return r + [0]\n    return None\n`,
};

/** The reference solution renamed and wrapped so that every result is off by one: code that fails its tests. */
function buggyCode(task: Task, content: string): string | undefined {
  const language = String(task.expected.language ?? 'python').toLowerCase();
  const name = task.expected.function_name;
  const wrap = WRAPPERS[language === 'js' ? 'javascript' : language];
  const fence = FENCE.exec(content);
  if (!wrap || typeof name !== 'string' || !fence) return undefined;
  const draft = `${name}_draft`;
  const keyword = language === 'python' ? 'def' : 'function';
  const def = new RegExp(`\\b${keyword}\\s+${name}\\s*\\(`);
  if (!def.test(fence[2]!)) return undefined;
  const code = fence[2]!.replace(def, `${keyword} ${draft}(`) + wrap(name, draft);
  return content.replace(fence[0], `\`\`\`${fence[1]}\n${code}\`\`\``);
}

function wrongCalls(task: Task, ref: Reference): SimAnswer[] {
  const calls = ref.toolCalls ?? [];
  const names = (task.tools ?? []).map((t) => t.function.name).sort();
  const other = names.find((n) => n !== calls[0]?.name);
  const out: SimAnswer[] = [];
  if (other && calls.length) {
    out.push({
      reasoning: '',
      content: ref.content,
      toolCalls: [{ ...calls[0]!, name: other }, ...calls.slice(1)],
    });
  }
  out.push(text("I can't do that without more details."));
  return out;
}

/** Wrong answers worth trying, most plausible first. */
function candidates(task: Task, ref: Reference): SimAnswer[] {
  if (ref.toolCalls?.length) return wrongCalls(task, ref);
  if (task.type === 'image_generation') return wrongImages(task).map(text);
  if (task.type === 'code') return [buggyCode(task, ref.content)].filter((c) => c !== undefined).map(text);
  return [
    shiftNumbers(ref.content),
    swapRejected(task, ref.content),
    otherChoice(task),
    reversedSequence(task),
    firstHalf(ref.content),
    cutShort(ref.content),
  ]
    .filter((c): c is string => c !== undefined && c !== ref.content)
    .map(text);
}

/**
 * A wrong or partial answer to a task: the first plausible mistake (numbers moved, a rejected alternative,
 * another option, the wrong tool, code off by one, a grey image, half the answer) that the rodeo evaluators
 * grade at most WRONG_MAX_QUALITY, else an honest "I don't know". Tasks graded from a code run cannot be
 * checked here (no sandbox): their mistake is built to fail every test.
 */
export function wrongAnswer(task: Task, ref: Reference): SimAnswer {
  const unverifiable = needsEvidence(task);
  const wrong = candidates(task, ref).find(
    (c) => unverifiable || evaluate(task, asAnswer(c), undefined, 'rodeo').quality <= WRONG_MAX_QUALITY,
  );
  return wrong ?? text(DONT_KNOW);
}
