import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import * as benchTesting from '../../bench/testing/index.js';
import { ConfigSchema, silentLogger } from '../../config/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { LedgerAdmin } from '../admin-actions.js';
import { type ArenaConfig, createArena } from '../arena/index.js';
import { LedgerArenaStore } from '../arena-store.js';
import type { ValidatorApiConfig } from '../http/api.js';
import { type RunningValidatorApi, startValidatorApi } from '../http/start.js';
import { createValidatorMetrics, type ValidatorMetrics } from '../prometheus.js';
import { ReadModel } from '../read-model.js';
import type { StateRecord } from '../record-types.js';
import { type SyntheticMiner, writeSyntheticRound } from './synthetic-rounds.js';

/**
 * A validator's read side over a real LevelDB ledger in a temp dir: synthetic rounds of a field of miners shaped
 * like the devnet's profiles are written the way the daemon writes them, the real read model follows the ledger's
 * appends, and the real admin actions and arena store record into it. Tests serve it over the real HTTP API.
 */

/** A valid SS58 address derived from a name (no keys behind it: test data only). */
export function testAddress(name: string): string {
  return encodeAddress(createHash('sha256').update(name).digest(), 42);
}

/** One miner of the field: its revealed name, how it streams and how often it is right in round r. */
export interface FieldMiner {
  name: string;
  accuracy: (round: number) => number;
  timing: benchTesting.SyntheticTiming;
  /** Every request fails (a broken engine). */
  failure?: { code: string; message: string };
  /** Reveals this miner's image, committed later: a copy, not eligible. */
  copyOf?: string;
}

/**
 * Six miners: steady-mustang holds #1 from round 1; strong-rider is weak in round 1, then answers nearly
 * everything, takes #1, and its claim is paid in the following round; a slow starter sends keep-alives before a
 * late first token; a bursty streamer; a copycat of strong-rider's image; a broken engine that fails every task.
 */
export const RODEO_FIELD: FieldMiner[] = [
  {
    name: 'strong-rider',
    accuracy: (r) => (r === 1 ? 0 : 1),
    timing: { ttftMs: 180, intervalMs: 25, charsPerEvent: 6 },
  },
  { name: 'steady-mustang', accuracy: () => 0.5, timing: { ttftMs: 420, intervalMs: 40, charsPerEvent: 6 } },
  {
    name: 'slow-starter',
    accuracy: () => 0.6,
    timing: { ttftMs: 2600, intervalMs: 30, charsPerEvent: 1, keepAlives: 6 },
  },
  { name: 'bursty-bronco', accuracy: () => 0.3, timing: { ttftMs: 650, intervalMs: 2, charsPerEvent: 40 } },
  {
    name: 'copycat',
    accuracy: (r) => (r === 1 ? 0 : 1),
    timing: { ttftMs: 190, intervalMs: 25, charsPerEvent: 6 },
    copyOf: 'strong-rider',
  },
  {
    name: 'broken-wagon',
    accuracy: () => 0,
    timing: { ttftMs: 0, intervalMs: 0, charsPerEvent: 1 },
    failure: { code: 'BENCH_HTTP_STATUS', message: 'the miner answered HTTP 500' },
  },
];

/** strong-rider (always right) ranked above steady-mustang from round 1: an arena's two contestants, in order. */
export const ARENA_PAIR: FieldMiner[] = [{ ...RODEO_FIELD[0]!, accuracy: () => 1 }, RODEO_FIELD[1]!];

export interface LedgerValidator {
  dir: string;
  ledger: Ledger;
  model: ReadModel;
  admin: LedgerAdmin;
  store: LedgerArenaStore;
  /** The field's hotkeys, in field order. */
  hotkeys: string[];
  /** Writes the next round (taking the operator's disqualifications, as the daemon does); returns its number. */
  advance(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Writes `rounds` rounds (default 8) of `field` (default RODEO_FIELD) to a new ledger in a temp dir. `endpoints`
 * gives miners (by field index) the endpoint they reveal; the others reveal http://synthetic-<uid>.
 */
export async function openLedgerValidator(
  options: { field?: FieldMiner[]; rounds?: number; endpoints?: Record<number, string> } = {},
): Promise<LedgerValidator> {
  const field = options.field ?? RODEO_FIELD;
  await cryptoWaitReady();
  const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const dir = mkdtempSync(join(tmpdir(), 'rodeo-ledger-validator-'));
  const ledger = await openLedger(join(dir, 'ledger'));
  const model = await ReadModel.load(ledger);
  ledger.onAppend((rec) => model.apply(rec));
  const admin = new LedgerAdmin({ ledger, by: signer.address, logger: silentLogger, observer: {} });
  const hotkeys = field.map((m) => testAddress(m.name));
  const imageOf = (name: string) =>
    `registry.example/${name}@sha256:${createHash('sha256').update(name).digest('hex')}`;
  const minersAt = (round: number): SyntheticMiner[] =>
    field.map((m, i) => ({
      hotkey: hotkeys[i]!,
      uid: i + 1,
      coldkey: testAddress(`${m.name}-cold`),
      name: m.name,
      accuracy: m.accuracy(round),
      timing: m.timing,
      failure: m.failure,
      image: imageOf(m.copyOf ?? m.name),
      sourceCommit: createHash('sha1').update(m.name).digest('hex'),
      commitBlock: 10 + i * 6,
      endpoint: options.endpoints?.[i],
    }));
  let previous: StateRecord | undefined;
  let round = 0;
  const advance = async () => {
    round++;
    previous = await writeSyntheticRound(ledger, signer, round, minersAt(round), previous, {
      tasksPerRound: 6,
      disqualified: admin.disqualified,
      payer: true,
    });
    return round;
  };
  try {
    for (let i = 0; i < (options.rounds ?? 8); i++) await advance();
    await admin.restore();
  } catch (err) {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const store = await LedgerArenaStore.open(ledger, model);
  return {
    dir,
    ledger,
    model,
    admin,
    store,
    hotkeys,
    advance,
    async close() {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An arena miner's scripted answer: text streamed word by word, or an error event after its first chunk. */
export type ScriptedAnswer = string | { error: string };

function answerScript(answer: ScriptedAnswer): benchTesting.Script {
  if (typeof answer !== 'string')
    return {
      steps: [
        { atMs: 0, data: benchTesting.sse.role() },
        {
          atMs: 20,
          data: `data: ${JSON.stringify({ error: { message: answer.error, type: 'server_error' } })}\n\n`,
        },
      ],
    };
  const words = answer.split(/(?<= )/);
  return benchTesting.uniformScript({
    events: words.length,
    intervalMs: 8,
    ttftMs: 20,
    text: (i) => words[i]!,
  });
}

export interface LedgerApi {
  validator: LedgerValidator;
  api: RunningValidatorApi;
  metrics: ValidatorMetrics;
  close(): Promise<void>;
}

/**
 * The validator API on 127.0.0.1 (any free port) over a ledger of RODEO_FIELD, with an arena whose first two
 * contestants (strong-rider and steady-mustang, the top two of the leaderboard) are scripted miners that stream
 * `answers[0]` and `answers[1]` word by word (or fail with an error event). The arena always draws those two:
 * the other eligible miners reveal endpoints nobody serves.
 */
export async function startLedgerApi(options: {
  answers: [ScriptedAnswer, ScriptedAnswer];
  api?: Partial<ValidatorApiConfig>;
  arena?: Partial<ArenaConfig>;
  rounds?: number;
}): Promise<LedgerApi> {
  const miners = await Promise.all(
    options.answers.map((answer) => benchTesting.startScriptedSseServer(() => answerScript(answer))),
  );
  let validator: LedgerValidator | undefined;
  try {
    validator = await openLedgerValidator({
      endpoints: { 0: miners[0]!.url, 1: miners[1]!.url },
      ...(options.rounds === undefined ? {} : { rounds: options.rounds }),
    });
    const defaults = ConfigSchema.parse({}).validator.api;
    const config = { ...defaults, port: 0, ...options.api, arena: { ...defaults.arena, ...options.arena } };
    const metrics = createValidatorMetrics();
    // pickPair with draws 0, 0: contestant 0 (rank 1) plays A, contestant 1 (rank 2) plays B
    const arena = createArena({ store: validator.store, config: config.arena, metrics, randomInt: () => 0 });
    const api = await startValidatorApi({
      view: validator.model,
      admin: validator.admin,
      metrics,
      config,
      arena,
    });
    const opened = validator;
    return {
      validator: opened,
      api,
      metrics,
      async close() {
        await api.close();
        await opened.close();
        await Promise.all(miners.map((m) => m.close()));
      },
    };
  } catch (err) {
    await validator?.close();
    await Promise.all(miners.map((m) => m.close()));
    throw err;
  }
}
