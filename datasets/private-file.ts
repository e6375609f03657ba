import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DatasetErrors } from './errors.js';
import { constraintProblem } from './evaluate/rodeo/constraints.js';
import { loadSuite, parseJsonl } from './suites.js';
import { promptText, type Task } from './task.js';
import { normalize } from './text/extract.js';

/** The suites every miner can read: never drawn into a scored round. */
export const PUBLIC_SUITES = ['public/train', 'public/dev'] as const;

export interface PrivateTaskFile {
  path: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  tasks: Task[];
}

let publicIndex: { ids: Map<string, string>; prompts: Map<string, string> } | undefined;

function publicTasks() {
  if (!publicIndex) {
    publicIndex = { ids: new Map(), prompts: new Map() };
    for (const suite of PUBLIC_SUITES)
      for (const t of loadSuite(suite)) {
        publicIndex.ids.set(t.id, suite);
        const p = normalize(promptText(t));
        if (p) publicIndex.prompts.set(p, suite);
      }
  }
  return publicIndex;
}

/** Throws DATASETS_PUBLIC_TASK_IN_PRIVATE_FILE when a task has a public task's id or prompt. */
export function refusePublicTasks(tasks: readonly Task[], source: string): void {
  const pub = publicTasks();
  for (const t of tasks) {
    const byId = pub.ids.get(t.id);
    if (byId) throw DatasetErrors.PUBLIC_TASK_IN_PRIVATE_FILE(source, t.id, byId, 'same id');
    const byPrompt = pub.prompts.get(normalize(promptText(t)));
    if (byPrompt) throw DatasetErrors.PUBLIC_TASK_IN_PRIVATE_FILE(source, t.id, byPrompt, 'same prompt');
  }
}

/** Throws DATASETS_BAD_LINE when a task's expected.constraints is not a list the constraints grader can use. */
function refuseBadConstraints(t: Task, path: string): void {
  const list = t.expected.constraints;
  if (list === undefined) return;
  const where = `${path}: task ${t.id}`;
  if (!Array.isArray(list) || !list.length)
    throw DatasetErrors.BAD_LINE(
      where,
      'field expected.constraints: expected a non-empty list of constraints',
    );
  list.forEach((c, i) => {
    const problem = constraintProblem(c);
    if (problem) throw DatasetErrors.BAD_LINE(where, `field expected.constraints[${i}]: ${problem}`);
  });
}

/** sha256 (hex) of a file's bytes; DATASETS_FILE_UNREADABLE when it cannot be read. */
export function fileSha256(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (err) {
    throw DatasetErrors.FILE_UNREADABLE(path, (err as Error).message);
  }
}

/**
 * An operator's private task file (janus-bench public JSONL or ours), its sha256 and its tasks; refuses a file
 * holding any task of the public suites (by id or prompt).
 */
export function loadPrivateTaskFile(path: string): PrivateTaskFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw DatasetErrors.FILE_UNREADABLE(path, (err as Error).message);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const tasks = parseJsonl(bytes.toString('utf8'), path, { ours: false, seen: new Map(), suite: path });
  refusePublicTasks(tasks, path);
  for (const t of tasks) refuseBadConstraints(t, path);
  return { path, sha256, tasks };
}
