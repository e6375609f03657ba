import { createHash } from 'node:crypto';
import type { Task } from '../../datasets/index.js';
import { type ChatRequest, upstreamBody } from '../../miner-template/index.js';
import { SimulatorErrors } from './errors.js';

/** A prompt shorter than this is too generic to be found inside a longer, reworded request. */
const MIN_CONTAINED_CHARS = 24;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const normalize = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

interface Prompt {
  /** Normalized text of the user messages. */
  text: string;
  /** Hash of the text, the images and the tool names. */
  key: string;
}

/**
 * The user turns of a chat as the miner template forwards them upstream (system prompts a miner adds do not
 * count; Janus file parts become text parts) reduced to normalized text and image hashes.
 */
function promptOf(messages: unknown, tools: unknown): Prompt | undefined {
  if (!Array.isArray(messages)) return undefined;
  let forwarded: { role?: unknown; content?: unknown }[];
  try {
    forwarded = upstreamBody({ messages } as ChatRequest).messages as typeof forwarded;
  } catch {
    return undefined;
  }
  const texts: string[] = [];
  const images: string[] = [];
  for (const m of forwarded) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') texts.push(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content as { type?: unknown; text?: unknown; image_url?: { url?: unknown } }[]) {
        if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
        else if (part?.type === 'image_url') images.push(sha256(String(part.image_url?.url)));
      }
    }
  }
  const text = normalize(texts.join('\n'));
  if (!text && !images.length) return undefined;
  const names = Array.isArray(tools)
    ? tools.map((t: { function?: { name?: unknown } }) => String(t?.function?.name)).sort()
    : [];
  return { text, key: sha256(JSON.stringify([text, images, names])) };
}

/** A task the index found. */
export interface IndexedTask {
  task: Task;
  /**
   * The task's difficulty in its round, in (0, 1): its rank by a hash of its id, (rank + 0.5) / round size.
   * One value for every profile, and evenly spread, so a profile of accuracy a answers a share a of each round.
   */
  difficulty: number;
}

/** The difficulty of each task of one round, by task id. */
export function roundDifficulties(tasks: readonly Task[]): Map<string, number> {
  const ranked = [...new Set(tasks.map((t) => t.id))].sort((a, b) =>
    sha256(`difficulty:${a}`).localeCompare(sha256(`difficulty:${b}`)),
  );
  return new Map(ranked.map((id, rank) => [id, (rank + 0.5) / ranked.length]));
}

interface Entry extends IndexedTask {
  prompt: Prompt;
}

/**
 * Finds the task a chat request came from, among the tasks of the last `rounds` rounds of each feed: by a
 * hash of its user turns (text normalized for case and whitespace, images, tool names), else by the task's
 * prompt text appearing inside the request's (a miner that reworded or wrapped the prompt).
 *
 * A feed is one validator's round tasks, sent to the simulator by that validator (devnet only). The
 * simulator never draws tasks itself: with several validators, each feeds the tasks of its own secret
 * round, and a request is looked up across every feed.
 */
export class TaskIndex {
  private readonly feeds = new Map<string, Entry[][]>();

  constructor(private readonly options: { rounds: number }) {
    if (!Number.isInteger(options.rounds) || options.rounds < 1)
      throw SimulatorErrors.BAD_ROUNDS(options.rounds);
  }

  /** Adds one round's tasks of a feed; the feed's oldest round is forgotten beyond `rounds`. */
  add(tasks: readonly Task[], feed = ''): void {
    const difficulty = roundDifficulties(tasks);
    const entries: Entry[] = [];
    for (const task of tasks) {
      const prompt = promptOf(task.messages, task.tools);
      if (prompt) entries.push({ task, prompt, difficulty: difficulty.get(task.id)! });
    }
    const rounds = this.feeds.get(feed) ?? [];
    this.feeds.set(feed, rounds);
    rounds.push(entries);
    while (rounds.length > this.options.rounds) rounds.shift();
  }

  /** Tasks currently known (a task of several rounds or feeds counts once per round). */
  get size(): number {
    let n = 0;
    for (const rounds of this.feeds.values()) for (const r of rounds) n += r.length;
    return n;
  }

  /** Feeds that sent tasks (validator hotkeys on a devnet; '' for a caller that names none). */
  get feedNames(): string[] {
    return [...this.feeds.keys()];
  }

  /** The task of a request body (`messages`, `tools`), newest round of each feed first; undefined when unknown. */
  find(body: { messages?: unknown; tools?: unknown }): IndexedTask | undefined {
    const prompt = promptOf(body.messages, body.tools);
    if (!prompt) return undefined;
    const newestFirst = [...this.feeds.values()].flatMap((rounds) => [...rounds].reverse());
    for (const round of newestFirst) {
      const hit = round.find((e) => e.prompt.key === prompt.key);
      if (hit) return { task: hit.task, difficulty: hit.difficulty };
    }
    let best: Entry | undefined;
    for (const round of newestFirst) {
      for (const e of round) {
        const t = e.prompt.text;
        if (
          t.length >= MIN_CONTAINED_CHARS &&
          prompt.text.includes(t) &&
          t.length > (best?.prompt.text.length ?? 0)
        )
          best = e;
      }
    }
    return best && { task: best.task, difficulty: best.difficulty };
  }
}
