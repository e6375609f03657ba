import { getEventListeners } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signer } from '../chain/index.js';
import { ConfigSchema, silentLogger } from '../config/index.js';
import { generatePrivateTasks } from '../datasets/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorDaemon } from './daemon.js';
import { measureMiners } from './measure-miners.js';
import { type MeasurementsRecord, RECORD, type SkippedRecord } from './record-types.js';
import { readRound } from './round-records.js';
import { roundDeadline } from './round-runner.js';
import { type SyntheticMiner, syntheticRaw } from './testing/synthetic-rounds.js';

const miner = (uid: number): SyntheticMiner => ({
  hotkey: `miner-${uid}`,
  uid,
  coldkey: `cold-${uid}`,
  accuracy: 1,
  timing: { ttftMs: 10, intervalMs: 1, charsPerEvent: 6 },
  image: `img-${uid}`,
  sourceCommit: `${uid}`.repeat(40),
  commitBlock: uid,
});

/** An honest-enough miner (one short answer) and one that answers each task only after a long pause. */
function startMiner(delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setTimeout(() => {
        res.end(`data: {"choices":[{"index":0,"delta":{"content":"42"}}]}\n\ndata: [DONE]\n\n`);
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

describe('a round always ends and one miner never blocks the others', () => {
  let signer: Signer;
  const servers: Server[] = [];
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    signer = new Keyring({ type: 'sr25519' }).addFromUri('//Rodeo//round-failures');
  });
  afterAll(async () => {
    for (const l of ledgers) await l.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  async function context(abort = new AbortController()): Promise<ValidatorContext> {
    const ledger = await openLedger(join(mkdtempSync(join(tmpdir(), 'rodeo-failures-')), 'ledger'));
    ledgers.push(ledger);
    return {
      config: ConfigSchema.parse({
        validator: { allowPrivateEndpoints: true, roundBlocks: 10, setWeights: false },
        bench: { ttftTimeoutMs: 5_000, requestTimeoutMs: 30_000 },
      }),
      netuid: 1,
      chain: undefined as never, // these rounds never reach the chain
      hotkey: signer,
      coldkey: undefined,
      ledger,
      logger: silentLogger,
      observer: {},
      versionKey: 0n,
      signal: abort.signal,
    };
  }

  async function writeRaw(ctx: ValidatorContext, urls: string[]) {
    const tasks = generatePrivateTasks('round-failures', 3);
    const raw = syntheticRaw(
      1,
      100,
      urls.map((_, i) => miner(i + 1)),
      tasks,
      undefined,
      signer.address,
    );
    raw.submissions.entries.forEach((e, i) => {
      e.endpoint = urls[i];
    });
    await ctx.ledger.appendBatch<unknown>([
      { type: RECORD.start, round: 1, data: raw.start },
      { type: RECORD.metagraph, round: 1, data: raw.metagraph },
      { type: RECORD.submissions, round: 1, data: raw.submissions },
      { type: RECORD.tasks, round: 1, data: raw.tasks },
    ]);
    return raw;
  }

  it('fails a miner that answers just under its own deadlines at the round deadline, by name, and records the others', async () => {
    const fast = await startMiner(0);
    const slow = await startMiner(10_000);
    servers.push(fast.server, slow.server);
    const ctx = await context();
    await writeRaw(ctx, [fast.url, slow.url]);
    const deadline = roundDeadline(3_000);
    const t0 = performance.now();
    await measureMiners(ctx, await readRound(ctx.ledger, 1), new Map(), async () => deadline).finally(
      deadline.clear,
    );
    const seconds = (performance.now() - t0) / 1000;
    const rec = await readRound(ctx.ledger, 1);
    const codes = (hotkey: string) =>
      rec.measurements
        .find((m) => m.data.hotkey === hotkey)!
        .data.measurements.map((m) => m.error?.code ?? 'ok');
    expect(codes('miner-1')).toEqual(['ok', 'ok', 'ok']);
    expect(codes('miner-2')).toEqual([
      'BENCH_ROUND_DEADLINE',
      'BENCH_ROUND_DEADLINE',
      'BENCH_ROUND_DEADLINE',
    ]);
    // the slow miner alone would take 3 x 10 s
    expect(seconds).toBeLessThan(10);
  });

  it('replaces a record that cannot be written with a quarantine record; the other miner lands', async () => {
    const a = await startMiner(0);
    const b = await startMiner(0);
    servers.push(a.server, b.server);
    const ctx = await context();
    await writeRaw(ctx, [a.url, b.url]);
    // fault injection at the ledger boundary: the first write of miner-2's record fails
    const append = ctx.ledger.append.bind(ctx.ledger);
    let failed = false;
    ctx.ledger.append = (async (type: string, round: number, data: MeasurementsRecord) => {
      if (data.hotkey === 'miner-2' && !failed) {
        failed = true;
        throw new Error('cannot encode: NaN in the record');
      }
      return append(type, round, data);
    }) as Ledger['append'];
    const deadline = roundDeadline(20_000);
    await measureMiners(ctx, await readRound(ctx.ledger, 1), new Map(), async () => deadline).finally(
      deadline.clear,
    );
    const rec = await readRound(ctx.ledger, 1);
    const byHotkey = new Map(rec.measurements.map((m) => [m.data.hotkey, m.data]));
    expect(byHotkey.get('miner-1')!.quarantined).toBeUndefined();
    expect(byHotkey.get('miner-1')!.measurements.every((m) => !m.error)).toBe(true);
    expect(byHotkey.get('miner-2')!.quarantined).toBe('cannot encode: NaN in the record');
    expect(byHotkey.get('miner-2')!.measurements.map((m) => m.error?.code)).toEqual([
      'BENCH_QUARANTINED',
      'BENCH_QUARANTINED',
      'BENCH_QUARANTINED',
    ]);
  });

  it('leaves no listener behind on the stop signal for each poll while it waits', async () => {
    const abort = new AbortController();
    const ctx = await context(abort);
    await ctx.ledger.append(RECORD.pause, 0, { paused: true, reason: 'test' });
    const run = new ValidatorDaemon(ctx, { pollMs: 5 }).run();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the tokenizer loads, then dozens of polls
    const listeners = getEventListeners(abort.signal, 'abort').length;
    abort.abort();
    await run;
    expect(listeners).toBeLessThanOrEqual(2);
  });

  it('seals a round that keeps failing as skipped, with its reason, instead of retrying it forever', async () => {
    const abort = new AbortController();
    const ctx = await context(abort);
    const raw = await writeRaw(ctx, ['http://127.0.0.1:9']);
    // a measurement of a task the round does not have: scoring this round throws on every attempt
    const bad = {
      ...raw.measurements[0]!,
      measurements: [{ ...raw.measurements[0]!.measurements[0]!, taskId: 'nope' }],
    };
    await ctx.ledger.append(RECORD.measurements, 1, bad);
    ctx.observer = { changed: (e) => e.type === 'round.skipped' && abort.abort() };
    const daemon = new ValidatorDaemon(ctx, { pollMs: 10 });
    await daemon.run();
    const rec = await readRound(ctx.ledger, 1);
    expect(rec.sealed).toBe(true);
    const skipped = rec.skipped!.data as SkippedRecord;
    expect(skipped.attempts).toBe(ctx.config.validator.maxRoundAttempts);
    expect(skipped.reason).toContain('nope');
    expect(rec.scores).toBeUndefined();
  }, 30_000);
});
