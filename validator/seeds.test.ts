import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../chain/devnet/index.js';
import { type ChainClient, connectChain, createLocalSubnet, type Signer } from '../chain/index.js';
import { type Config, ConfigSchema, type Logger, silentLogger } from '../config/index.js';
import {
  CATEGORIES,
  EVEN_MIX,
  GENERATOR_VERSION,
  loadPrivateTaskFile,
  loadSuite,
  PRIVATE_FILE_SUITE,
  type Task,
} from '../datasets/index.js';
import { type Ledger, type LedgerRecord, openLedger } from '../ledger/index.js';
import type { ValidatorContext } from './context.js';
import { ValidatorDaemon } from './daemon.js';
import { ValidatorErrors } from './errors.js';
import { ReadModel } from './read-model.js';
import {
  RECORD,
  type RoundStart,
  type SeedAnchorRecord,
  type SeedRevealRecord,
  type TasksRecord,
  type WeightsTxRecord,
} from './record-types.js';
import { replayLedger } from './replay.js';
import { redrawTasks } from './round-tasks.js';
import { roundSeed } from './seed-chain.js';
import { SeedSecrets, seedSecretPath } from './seed-secrets.js';
import { checkSeedSecrets, ensureSeedChain } from './seeds.js';

const TAO = 1_000_000_000n;
const ROUNDS_PER_RUN = 3;
/** Enough for every category of the default mix, plus one more chat and streaming task. */
const TASKS_PER_ROUND = 12;

/** Everything a round of the ledger says about its seed. */
interface SeededRound {
  round: number;
  start: RoundStart;
  tasks: TasksRecord;
  reveal: LedgerRecord<SeedRevealRecord>;
  /** Seq of the weights extrinsic's outcome recorded for the round. */
  weightsResultSeq: number | undefined;
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const promptOf = (t: Task) => JSON.stringify([t.messages, t.tools ?? null]);

/**
 * Secret round seeds on the devnet over WebSocket, with the real daemon: a validator runs three rounds, is
 * stopped, and runs three more from the same data dir. Its seed chain is short (4) so a second chain is committed
 * on the way.
 */
describe('secret round seeds', { timeout: 240_000 }, () => {
  let devnet: Devnet;
  let client: ChainClient;
  let validator: Signer;
  let netuid: number;
  let dataDir: string;
  let config: Config;
  const logLines: string[] = [];
  let logger: Logger;
  let rounds: SeededRound[] = [];
  let firstRunRounds: number[] = [];
  /** The operator's private task file the second run mixes in (janus-bench lines). */
  let privateFile: string;
  const privateTasks = () => ({ privateTasks: [privateFile] });

  const context = (ledger: Ledger, log: Logger = logger): ValidatorContext => ({
    config,
    netuid,
    chain: client,
    hotkey: validator,
    coldkey: undefined,
    ledger,
    logger: log,
    observer: {},
    versionKey: 0n,
    signal: new AbortController().signal,
  });

  /** The daemon as `rodeo validator run` runs it, until it has sealed `n` rounds. */
  async function runValidator(n: number): Promise<void> {
    const ledger = await openLedger(join(dataDir, 'ledger'));
    try {
      await checkSeedSecrets(dataDir, ledger);
      await new ValidatorDaemon(context(ledger), { maxRounds: n, pollMs: 100 }).run();
    } finally {
      await ledger.close();
    }
  }

  async function readRounds(ledger: Ledger): Promise<SeededRound[]> {
    const out = new Map<number, Partial<SeededRound>>();
    const of = (round: number) => out.get(round) ?? out.set(round, { round }).get(round)!;
    for await (const rec of ledger.records()) {
      if (rec.type === RECORD.start) of(rec.round).start = rec.data as RoundStart;
      if (rec.type === RECORD.tasks) of(rec.round).tasks = rec.data as TasksRecord;
      if (rec.type === RECORD.seedReveal) of(rec.round).reveal = rec as LedgerRecord<SeedRevealRecord>;
      const tx = rec.data as WeightsTxRecord;
      if (rec.type === RECORD.weightsTx && tx.phase === 'result') of(tx.forRound).weightsResultSeq = rec.seq;
    }
    return [...out.values()].filter((r) => r.start) as SeededRound[];
  }

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    validator = keyring.addFromUri('//Seeds//validator');
    devnet = await startDevnet({ port: 0, blockTimeMs: 250 });
    client = await connectChain(ConfigSchema.shape.chain.parse({ endpoint: devnet.url }), silentLogger);
    netuid = await createLocalSubnet(client, alice, keyring.addFromUri('//Seeds//owner').address, {
      tempo: 5,
      weightsSetRateLimit: 0,
      commitRevealWeightsEnabled: false,
      minAllowedWeights: 1,
    });
    await client.burnedRegister(alice, netuid, validator.address);
    await client.addStake(alice, validator.address, netuid, 100n * TAO);

    dataDir = mkdtempSync(join(tmpdir(), 'rodeo-seeds-'));
    config = ConfigSchema.parse({
      validator: {
        dataDir,
        roundBlocks: 3,
        tasksPerRound: TASKS_PER_ROUND,
        seedChainLength: 4,
        seedRenewBefore: 1,
        anchorEveryRounds: 0,
      },
    });
    // every line the validator logs, at every level
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    logger = pino({ level: 'trace' }, sink);

    await runValidator(ROUNDS_PER_RUN);
    const ledger = await openLedger(join(dataDir, 'ledger'));
    firstRunRounds = (await readRounds(ledger)).map((r) => r.round);
    await ledger.close();
    // a restart: a new process on the same data dir, now with a private task file of the operator's
    privateFile = join(dataDir, 'operator-tasks.jsonl');
    const line = (i: number, category: string) =>
      JSON.stringify({
        id: `operator-${category}-${i}`,
        category,
        input: { messages: [{ role: 'user', content: `Operator question ${i} about ${category}?` }] },
        expected: { contains: [`fact ${i}`] },
      });
    writeFileSync(
      privateFile,
      `${[0, 1, 2, 3].flatMap((i) => [line(i, 'chat'), line(i, 'research')]).join('\n')}\n`,
    );
    config.validator.privateTaskFile = privateFile;
    await runValidator(ROUNDS_PER_RUN);
    const reopened = await openLedger(join(dataDir, 'ledger'));
    rounds = await readRounds(reopened);
    await reopened.close();
  });

  afterAll(async () => {
    await client?.close();
    await devnet?.close();
  });

  it('a miner regenerating tasks from the block hash finds none of them; with the revealed r_k it finds all', () => {
    expect(rounds.length).toBe(2 * ROUNDS_PER_RUN);
    const file = loadPrivateTaskFile(privateFile);
    for (const r of rounds) {
      const { suite, tasks } = r.tasks;
      expect(tasks.length).toBe(TASKS_PER_ROUND);
      // every category of the mix in every round, drawn with the recorded generator version and mix
      expect(r.start.tasks).toMatchObject({ generator: GENERATOR_VERSION, mix: config.validator.taskMix });
      expect(new Set(tasks.map((t) => t.category))).toEqual(new Set(CATEGORIES));
      // the attack: run the public generators with the round's block hash, every version and mix a miner may try
      const n = tasks.length;
      const guessed = [
        ...loadSuite(suite, { seed: r.start.blockHash, n }),
        ...loadSuite(suite, {
          seed: r.start.blockHash,
          n,
          draw: { version: GENERATOR_VERSION, mix: r.start.tasks.mix! },
        }),
        ...loadSuite(suite, {
          seed: r.start.blockHash,
          n,
          draw: { version: GENERATOR_VERSION, mix: EVEN_MIX },
        }),
      ];
      const guessedPrompts = new Set(guessed.map(promptOf));
      const guessedIds = new Set(guessed.map((t) => t.id));
      expect(tasks.filter((t) => guessedPrompts.has(promptOf(t)) || guessedIds.has(t.id))).toEqual([]);
      // after the round: the revealed secret gives the seed, and the seed every task with its answer key
      const seed = roundSeed(r.start.blockHash, r.reveal.data.secret);
      expect(seed).toBe(r.start.seed);
      const withFile = r.start.tasks.privateFile !== undefined;
      expect(withFile).toBe(!firstRunRounds.includes(r.round));
      expect(plain(redrawTasks(r.start.tasks, seed, withFile ? file : undefined))).toEqual(plain(tasks));
      if (withFile) {
        expect(r.start.tasks.privateFile).toEqual({ sha256: file.sha256, tasks: 8, share: 0.5 });
        // chat (2 tasks) and research (1) each take half, rounded up, from the file
        expect(tasks.filter((t) => t.suite === PRIVATE_FILE_SUITE).length).toBe(2);
      }
    }
  });

  it('replay needs the private task file a round drew from: missing or edited, it fails naming the round', async () => {
    const firstWithFile = rounds.find((r) => !firstRunRounds.includes(r.round))!.round;
    const edited = join(dataDir, 'edited-tasks.jsonl');
    writeFileSync(edited, `${readFileSync(privateFile, 'utf8')}\n`);
    const ledger = await openLedger(join(dataDir, 'ledger'));
    try {
      const without = await replayLedger(ledger);
      expect(without.failure).toMatchObject({
        round: firstWithFile,
        type: RECORD.start,
        code: 'VALIDATOR_REPLAY_PRIVATE_TASKS_MISSING',
      });
      expect(without.failure?.message).toContain(`round ${firstWithFile} drew tasks from`);
      const other = await replayLedger(ledger, { privateTasks: [edited] });
      expect(other.failure).toMatchObject({
        round: firstWithFile,
        code: 'VALIDATOR_REPLAY_PRIVATE_TASKS_MISMATCH',
      });
      const right = await replayLedger(ledger, { privateTasks: [edited, privateFile] });
      expect(right.failure).toBeUndefined();
      expect(right.seeds.checked).toBe(rounds.length);
    } finally {
      await ledger.close();
    }
    // as a user runs it: a file that is not there
    const child = spawn(
      process.execPath,
      [
        'bin/rodeo.mjs',
        'replay',
        '--ledger',
        join(dataDir, 'ledger'),
        '--private-tasks',
        join(dataDir, 'absent.jsonl'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(1);
    expect(out).toContain('VALIDATOR_REPLAY_PRIVATE_TASKS_MISSING');
    expect(out).toContain(`round ${firstWithFile} drew tasks from`);
    expect(out).toContain('absent.jsonl');
  });

  it('reveals r_k only after the round’s weights are on chain, and the API serves the seed only then', async () => {
    for (const r of rounds) {
      expect(r.weightsResultSeq).toBeDefined();
      expect(r.reveal.seq).toBeGreaterThan(r.weightsResultSeq!);
      expect(JSON.stringify(r.start)).not.toContain(r.reveal.data.secret);
      expect(JSON.stringify(r.tasks)).not.toContain(r.reveal.data.secret);
    }
    const ledger = await openLedger(join(dataDir, 'ledger'));
    try {
      // the dashboard's model while round 1 is benchmarked (every record before its reveal), then after it
      const during = new ReadModel();
      for await (const rec of ledger.records()) {
        if (rec.type === RECORD.seedReveal && rec.round === rounds[0]!.round) break;
        during.apply(rec);
      }
      const live = during.round(rounds[0]!.round)!;
      expect(live.seed).toBeUndefined();
      expect(live.seedChain).toEqual({ ...rounds[0]!.start.seedChain, secret: undefined });
      const after = (await ReadModel.load(ledger)).round(rounds[0]!.round)!;
      expect(after.seed).toBe(rounds[0]!.start.seed);
      expect(after.seedChain?.secret).toBe(rounds[0]!.reveal.data.secret);
    } finally {
      await ledger.close();
    }
  });

  it('a restart resumes the chain at the next unused index: no secret is used twice', () => {
    const refs = rounds.map((r) => r.start.seedChain!);
    const keys = refs.map((s) => `${s.anchor}:${s.index}`);
    expect(new Set(keys).size).toBe(keys.length);
    // each chain is used from index 1, one index per round, and a second chain was committed before the first ran out
    const byChain = new Map<string, number[]>();
    for (const s of refs) byChain.set(s.anchor, [...(byChain.get(s.anchor) ?? []), s.index]);
    expect(byChain.size).toBeGreaterThanOrEqual(2);
    for (const indexes of byChain.values()) expect(indexes).toEqual(indexes.map((_, i) => i + 1));
    // the restarted process went on where the first one stopped
    const lastBefore = refs[firstRunRounds.length - 1]!;
    const firstAfter = refs[firstRunRounds.length]!;
    expect(
      firstAfter.anchor === lastBefore.anchor
        ? firstAfter.index === lastBefore.index + 1
        : firstAfter.index === 1,
    ).toBe(true);
  });

  it('replay checks every r_k against the anchor read on chain; an altered r_k fails naming the round', async () => {
    const ledger = await openLedger(join(dataDir, 'ledger'));
    let copyDir: string;
    try {
      const result = await replayLedger(ledger, { seeds: { chain: client }, ...privateTasks() });
      expect(result.failure).toBeUndefined();
      expect(result.seeds.checked).toBe(rounds.length);
      expect(result.seeds.anchorsOnChain).toBe(new Set(rounds.map((r) => r.start.seedChain!.anchor)).size);

      // the validator rewrites its own ledger (every hash and seal valid) with another r_k for round 2
      const target = rounds[1]!.round;
      copyDir = await rewrite(ledger, validator, (rec) =>
        rec.type === RECORD.seedReveal && rec.round === target
          ? { ...(rec.data as SeedRevealRecord), secret: 'ab'.repeat(32) }
          : rec.data,
      );
    } finally {
      await ledger.close();
    }
    const copy = await openLedger(copyDir);
    try {
      expect((await copy.verify()).ok).toBe(true);
      const bad = await replayLedger(copy, { seeds: { chain: client }, ...privateTasks() });
      expect(bad.ok).toBe(false);
      expect(bad.failure).toMatchObject({
        round: rounds[1]!.round,
        type: RECORD.seedReveal,
        code: 'VALIDATOR_REPLAY_SEED_MISMATCH',
      });
      expect(bad.failure?.message).toContain(`round ${rounds[1]!.round}`);
    } finally {
      await copy.close();
    }
  });

  it('rodeo replay --chain, as a user runs it, reports the round seeds checked and the anchors read on chain', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/rodeo.mjs',
        'replay',
        '--ledger',
        join(dataDir, 'ledger'),
        '--chain',
        devnet.url,
        '--private-tasks',
        privateFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    const [code] = (await once(child, 'close')) as [number | null];
    const anchors = new Set(rounds.map((r) => r.start.seedChain!.anchor)).size;
    expect(stdout).toContain('replay verified');
    expect(stdout).toContain(
      `round seeds: ${rounds.length} rounds' revealed secrets, seeds and tasks checked against their chain anchors; ${anchors} of ${anchors} anchors read from the validator's commitments on chain`,
    );
    expect(code).toBe(0);
  });

  it('replay --chain catches a chain the validator never committed (a ledger re-seeded with secrets of its choice)', async () => {
    const ledger = await openLedger(join(dataDir, 'ledger'));
    let copyDir: string;
    const first = rounds[0]!.start.seedChain!.anchor;
    const moved = (await (async () => {
      for await (const rec of ledger.records<SeedAnchorRecord>({ type: RECORD.seedAnchor }))
        if (rec.data.phase === 'result' && rec.data.ok && rec.data.anchor === first) return rec.data;
      return undefined;
    })())!;
    try {
      // the ledger claims the first chain landed one block earlier than it did: its commitment is not there
      copyDir = await rewrite(ledger, validator, (rec) => {
        const d = rec.data as SeedAnchorRecord;
        if (rec.type !== RECORD.seedAnchor || d.phase !== 'result' || !d.ok || d.anchor !== first)
          return rec.data;
        return { ...d, block: moved.phase === 'result' && moved.ok ? moved.block - 1 : 0 };
      });
    } finally {
      await ledger.close();
    }
    const copy = await openLedger(copyDir);
    try {
      const bad = await replayLedger(copy, { seeds: { chain: client }, ...privateTasks() });
      expect(bad.failure).toMatchObject({ round: rounds[0]!.round, code: 'VALIDATOR_REPLAY_SEED_MISMATCH' });
      expect(bad.failure?.message).toContain(`chain ${first}`);
    } finally {
      await copy.close();
    }
  });

  it('replay --chain still checks the anchors once the node has pruned their state, from the blocks themselves', async () => {
    // the devnet keeps the state of its last 256 blocks, like a non-archive node
    await devnet.produceBlocks(300);
    const ledger = await openLedger(join(dataDir, 'ledger'));
    try {
      let anchorBlock: string | undefined;
      for await (const rec of ledger.records<SeedAnchorRecord>({ type: RECORD.seedAnchor }))
        if (rec.data.phase === 'result' && rec.data.ok) anchorBlock ??= rec.data.blockHash;
      await expect(client.commitmentOf(netuid, validator.address, anchorBlock)).rejects.toThrow();
      const result = await replayLedger(ledger, { seeds: { chain: client }, ...privateTasks() });
      expect(result.failure).toBeUndefined();
      expect(result.seeds.anchorsOnChain).toBe(new Set(rounds.map((r) => r.start.seedChain!.anchor)).size);
    } finally {
      await ledger.close();
    }
  });

  it('keeps the secret like a key: file mode 0600, never in the logs or the ledger', async () => {
    const file = seedSecretPath(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secrets = SeedSecrets.load(file);
    const xs = secrets.anchors().map((a) => secrets.get(a)!.secret.toString('hex'));
    expect(xs.length).toBeGreaterThanOrEqual(2);
    const logs = logLines.join('');
    expect(logs).toContain('round-seed chain anchor committed on chain');
    const ledger = await openLedger(join(dataDir, 'ledger'));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    try {
      await ledger.exportNdjson(out);
    } finally {
      await ledger.close();
    }
    const exported = Buffer.concat(chunks).toString('utf8');
    expect(exported).toContain(RECORD.seedReveal);
    for (const x of xs) {
      expect(logs).not.toContain(x);
      expect(exported).not.toContain(x);
    }
  });

  it('a missing, damaged or readable secret file is a coded error, never a silent new chain', async () => {
    const file = seedSecretPath(dataDir);
    const original = readFileSync(file, 'utf8');
    const secretHex = JSON.parse(original).chains[0].secret as string;
    const ledger = await openLedger(join(dataDir, 'ledger'));
    const anchorsBefore = await countAnchorRecords(ledger);
    try {
      renameSync(file, `${file}.away`);
      await expect(checkSeedSecrets(dataDir, ledger)).rejects.toSatisfy(
        ValidatorErrors.SEED_SECRET_MISSING.is,
      );
      await expect(ensureSeedChain(context(ledger))).rejects.toSatisfy(
        ValidatorErrors.SEED_SECRET_MISSING.is,
      );
      expect(() => statSync(file)).toThrow();
      expect(await countAnchorRecords(ledger)).toBe(anchorsBefore);
      renameSync(`${file}.away`, file);

      writeFileSync(file, original.replace(secretHex, 'cd'.repeat(32)), { mode: 0o600 });
      const corrupt = await checkSeedSecrets(dataDir, ledger).catch((e: unknown) => e);
      expect(ValidatorErrors.SEED_SECRET_CORRUPT.is(corrupt)).toBe(true);
      expect((corrupt as Error).message).toContain('does not hash to its anchor');
      expect(JSON.stringify(corrupt)).not.toContain('cd'.repeat(32));

      writeFileSync(file, original, { mode: 0o600 });
      chmodSync(file, 0o644);
      await expect(checkSeedSecrets(dataDir, ledger)).rejects.toSatisfy(
        ValidatorErrors.SEED_SECRET_EXPOSED.is,
      );
      chmodSync(file, 0o600);
      await checkSeedSecrets(dataDir, ledger);
    } finally {
      await ledger.close();
    }
  });
});

async function countAnchorRecords(ledger: Ledger): Promise<number> {
  let n = 0;
  for await (const _ of ledger.records({ type: RECORD.seedAnchor })) n++;
  return n;
}

/** A copy of the ledger as its validator could write it: every record re-appended (edited), every round resealed. */
async function rewrite(from: Ledger, signer: Signer, edit: (rec: LedgerRecord) => unknown): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'rodeo-seeds-copy-')), 'ledger');
  const copy = await openLedger(dir);
  try {
    for await (const rec of from.records()) {
      if (rec.type === 'seal') await copy.seal(rec.round, signer);
      else await copy.append(rec.type, rec.round, edit(rec));
    }
  } finally {
    await copy.close();
  }
  return dir;
}
