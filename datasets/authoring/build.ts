/**
 * Builders for the tasks we write by hand (public/train, public/dev). Each returns one suite line:
 * a janus-bench public JSONL object plus our keys (type, difficulty, dimensions, expected.reference).
 */

import { DIMENSIONS } from '../../config/index.js';
import type { Canvas } from '../image/canvas.js';
import { pngDataUrl } from '../image/inspect.js';
import type { Reference } from '../reference.js';
import type { Category, Dimension, ToolDef } from '../task.js';
import type { Alternatives } from '../text/extract.js';

export type Difficulty = 'easy' | 'medium' | 'hard';
export type Line = Record<string, unknown> & { id: string; category: Category };
type Message = Record<string, unknown>;

export const user = (text: string): Message => ({ role: 'user', content: text });
export const system = (text: string): Message => ({ role: 'system', content: text });
export const assistant = (text: string): Message => ({ role: 'assistant', content: text });

export function userWithImage(text: string, image: Canvas): Message {
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'image_url', image_url: { url: pngDataUrl(image.toPng()) } },
    ],
  };
}

export function userWithFile(text: string, name: string, mimeType: string, body: string): Message {
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'file', file: { name, mime_type: mimeType, content: body, size: Buffer.byteLength(body) } },
    ],
  };
}

function dimensionsFor(category: Category): Dimension[] {
  const multimodal = category === 'multimodal_input' || category === 'multimodal_output';
  return DIMENSIONS.filter((d) => d !== 'multimodal' || multimodal);
}

export interface Base {
  id: string;
  category: Category;
  type: string;
  difficulty: Difficulty;
  messages: Message[];
  expected: Record<string, unknown>;
  reference: Reference;
  /** Extra top-level keys (janus keys such as evaluation, available_tools, expected_call). */
  extra?: Record<string, unknown>;
}

export function line(b: Base): Line {
  return {
    id: b.id,
    category: b.category,
    type: b.type,
    difficulty: b.difficulty,
    dimensions: dimensionsFor(b.category),
    input: { messages: b.messages },
    expected: { ...b.expected, reference: b.reference },
    ...b.extra,
  };
}

const prompt = (p: string | Message[]): Message[] => (typeof p === 'string' ? [user(p)] : p);

/** Open-ended text graded on covered points (`accept`, each a phrase or alternatives); janus reads `contains`. */
export function textTask(
  category: Category,
  id: string,
  difficulty: Difficulty,
  p: string | Message[],
  accept: Alternatives[],
  reference: string,
  opts: {
    min_words?: number;
    max_words?: number;
    judge?: boolean;
    type?: string;
    extra?: Record<string, unknown>;
    allow_echo?: boolean;
  } = {},
): Line {
  const { type = 'text', extra, ...rest } = opts;
  return line({
    id,
    category,
    type,
    difficulty,
    messages: prompt(p),
    expected: { type: 'text', contains: accept.map((a) => (Array.isArray(a) ? a[0]! : a)), accept, ...rest },
    reference: { content: reference },
    extra,
  });
}

/** A short answer compared after extraction (`answer` holds accepted spellings; `reject` wrong ones). */
export function exactTask(
  category: Category,
  id: string,
  difficulty: Difficulty,
  p: string | Message[],
  answer: string | string[],
  reference: string,
  opts: { reject?: string[]; type?: string; extra?: Record<string, unknown> } = {},
): Line {
  const accepted = Array.isArray(answer) ? answer : [answer];
  return line({
    id,
    category,
    type: opts.type ?? 'exact',
    difficulty,
    messages: prompt(p),
    expected: {
      type: 'text',
      contains: [accepted[0]],
      answer: accepted,
      ...(opts.reject ? { reject: opts.reject } : {}),
    },
    reference: { content: reference },
    extra: opts.extra,
  });
}

export function numericTask(
  category: Category,
  id: string,
  difficulty: Difficulty,
  p: string | Message[],
  answer: number,
  reference: string,
  opts: {
    tolerance?: { abs?: number; rel?: number };
    type?: string;
    extra?: Record<string, unknown>;
    contains?: string;
  } = {},
): Line {
  return line({
    id,
    category,
    type: opts.type ?? 'numeric',
    difficulty,
    messages: prompt(p),
    expected: {
      type: 'text',
      contains: [opts.contains ?? String(answer)],
      answer,
      ...(opts.tolerance ? { tolerance: opts.tolerance } : {}),
    },
    reference: { content: reference },
    extra: opts.extra,
  });
}

/** Multiple choice: the question with lettered options; the answer is a letter. */
export function choiceTask(
  category: Category,
  id: string,
  difficulty: Difficulty,
  question: string,
  options: string[],
  correct: string,
  explanation: string,
): Line {
  const letters = options.map((_, i) => String.fromCharCode(65 + i));
  const text = `${question}\n\n${options.map((o, i) => `${letters[i]}) ${o}`).join('\n')}\n\nReply with the letter of the correct option.`;
  const idx = letters.indexOf(correct);
  return line({
    id,
    category,
    type: 'choice',
    difficulty,
    messages: [user(text)],
    expected: { type: 'text', contains: [options[idx]], answer: correct, choices: options },
    reference: { content: `${explanation}\n\nAnswer: ${correct} (${options[idx]})` },
  });
}

export interface Source {
  url: string;
  title: string;
  text: string;
}

/** Research over numbered sources given in the prompt: key facts AND [n] citations of those sources. */
export function researchTask(
  id: string,
  difficulty: Difficulty,
  question: string,
  sources: Source[],
  facts: Alternatives[],
  reference: string,
  minSources = 2,
): Line {
  const listed = sources.map((s, i) => `[${i + 1}] ${s.title} (${s.url})\n${s.text}`).join('\n\n');
  const text = `${question}\n\nUse these sources and cite them with [n] markers (at least ${minSources} different sources).\n\n${listed}`;
  return line({
    id,
    category: 'research',
    type: 'research',
    difficulty,
    messages: [user(text)],
    expected: {
      type: 'text',
      contains: facts.map((f) => (Array.isArray(f) ? f[0]! : f)),
      facts,
      requires_citations: true,
      min_sources: minSources,
      sources: sources.map(({ url, title }) => ({ url, title })),
    },
    reference: { content: reference },
  });
}

export interface TestCase {
  input: unknown[];
  output: unknown;
}

/** A function to write, graded only by running the tests in the sandbox. */
export function codeTask(
  id: string,
  difficulty: Difficulty,
  language: 'python' | 'javascript',
  functionName: string,
  p: string,
  tests: TestCase[],
  solution: string,
): Line {
  const fence = language === 'python' ? 'python' : 'javascript';
  return line({
    id,
    category: 'coding',
    type: 'code',
    difficulty,
    messages: [user(p)],
    expected: { type: 'code', language, function_name: functionName, test_cases: tests, must_execute: true },
    reference: { content: `\`\`\`${fence}\n${solution.trim()}\n\`\`\`` },
  });
}

export const tool = (
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required: string[],
): ToolDef => ({
  type: 'function',
  function: {
    name,
    description,
    parameters: { type: 'object', properties, required, additionalProperties: false },
  },
});
