import type { Config } from '../config/index.js';
import {
  GENERATOR_VERSION,
  loadPrivateTaskFile,
  loadSuite,
  PRIVATE_SUITE,
  type PrivateTaskFile,
  type Task,
} from '../datasets/index.js';
import { ValidatorErrors } from './errors.js';
import type { RoundTaskDraw } from './record-types.js';

/**
 * The tasks of a new round from its seed: generator version GENERATOR_VERSION with validator.taskMix, and the
 * operator's private task file (validator.privateTaskFile, read afresh each round) mixed in. Returns the tasks
 * and how they were drawn, which the round records so replay draws them again. Public suites are refused.
 */
export function drawTasksForRound(config: Config, seed: string): { tasks: Task[]; draw: RoundTaskDraw } {
  const v = config.validator;
  if (v.suite !== PRIVATE_SUITE) throw ValidatorErrors.ROUND_SUITE_REFUSED(v.suite, PRIVATE_SUITE);
  const file = v.privateTaskFile ? loadPrivateTaskFile(v.privateTaskFile) : undefined;
  const draw: RoundTaskDraw = {
    suite: v.suite,
    count: v.tasksPerRound,
    generator: GENERATOR_VERSION,
    mix: { ...v.taskMix },
    ...(file
      ? { privateFile: { sha256: file.sha256, tasks: file.tasks.length, share: v.privateTaskShare } }
      : {}),
  };
  return { tasks: redrawTasks(draw, seed, file), draw };
}

/**
 * The tasks a recorded draw gives for `seed`: version 1 (no `generator` recorded) is the old round-robin; later
 * versions use the recorded mix and, when the round used one, the private task file (whose sha256 the caller
 * has checked against draw.privateFile).
 */
export function redrawTasks(draw: RoundTaskDraw, seed: string, file: PrivateTaskFile | undefined): Task[] {
  if (draw.generator === undefined) return loadSuite(draw.suite, { seed, n: draw.count });
  return loadSuite(draw.suite, {
    seed,
    n: draw.count,
    draw: {
      version: draw.generator,
      mix: draw.mix ?? {},
      ...(draw.privateFile && file ? { extra: file.tasks, extraShare: draw.privateFile.share } : {}),
    },
  });
}

/**
 * The private task files replay was given (`--private-tasks`, repeatable), loaded once each, found by the
 * sha256 a round recorded. A round that used a file and finds none fails naming the round.
 */
export class PrivateTaskFiles {
  private loaded: { byHash: Map<string, PrivateTaskFile>; problems: string[] } | undefined;

  constructor(private readonly paths: readonly string[]) {}

  private load() {
    if (!this.loaded) {
      const byHash = new Map<string, PrivateTaskFile>();
      const problems: string[] = [];
      for (const path of this.paths) {
        try {
          const f = loadPrivateTaskFile(path);
          byHash.set(f.sha256, f);
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
      this.loaded = { byHash, problems };
    }
    return this.loaded;
  }

  /** The file a round recorded, or throws VALIDATOR_REPLAY_PRIVATE_TASKS_MISSING / _MISMATCH naming the round. */
  forRound(round: number, sha256: string): PrivateTaskFile {
    if (!this.paths.length)
      throw ValidatorErrors.REPLAY_PRIVATE_TASKS_MISSING(round, sha256, 'no --private-tasks file was given');
    const { byHash, problems } = this.load();
    const found = byHash.get(sha256);
    if (found) return found;
    if (!byHash.size)
      throw ValidatorErrors.REPLAY_PRIVATE_TASKS_MISSING(
        round,
        sha256,
        `it cannot be read: ${problems.join('; ')}`,
      );
    const given = [...byHash.values()].map((f) => `${f.path}: ${f.sha256}`).join(', ');
    throw ValidatorErrors.REPLAY_PRIVATE_TASKS_MISMATCH(round, given, sha256);
  }
}
