import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ledger, openLedger } from '../ledger/index.js';
import { deriveRound, scoreMiners } from './derive.js';
import { previousState, readRound, roundInputs, scoreRound } from './round-records.js';
import { type SyntheticMiner, writeSyntheticRound } from './testing/synthetic-rounds.js';

const miners: SyntheticMiner[] = [1, 2, 3].map((uid) => ({
  hotkey: `hk${uid}`,
  uid,
  coldkey: `cold${uid}`,
  accuracy: [1, 0.6, 0.2][uid - 1]!,
  timing: { ttftMs: 100 + uid * 50, intervalMs: 20, charsPerEvent: 6 },
  image: `registry.example/e${uid}@sha256:${String(uid).repeat(64)}`,
  sourceCommit: String(uid).repeat(40),
  commitBlock: uid,
}));

let base: string;
let ledger: Ledger;
beforeAll(async () => {
  await cryptoWaitReady();
  const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  base = mkdtempSync(join(tmpdir(), 'rodeo-score-round-'));
  ledger = await openLedger(join(base, 'ledger'));
  let state: Awaited<ReturnType<typeof writeSyntheticRound>> | undefined;
  for (let round = 1; round <= 2; round++)
    state = await writeSyntheticRound(ledger, signer, round, miners, state, { tasksPerRound: 6 });
});
afterAll(async () => {
  await ledger?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('the round runner scores measurements as it streams them from the ledger', () => {
  it('scoreRound equals scoreMiners over the whole round, and deriveRound gives the recorded derived records', async () => {
    for (const round of [1, 2]) {
      const full = await readRound(ledger, round);
      expect(full.measurements).toHaveLength(3);
      const inputs = roundInputs(full, new Map())!;
      const streamed = await scoreRound(ledger, round, inputs);
      expect(streamed).toEqual(scoreMiners(inputs));
      expect(streamed).toEqual(full.scores!.data);

      const light = await readRound(ledger, round, { measurements: false });
      const lightInputs = roundInputs(light, new Map())!;
      expect(lightInputs.measurements).toEqual([]);
      const previous = await previousState(ledger, round);
      const out = deriveRound(lightInputs, previous, { scores: streamed });
      expect(out).toEqual(deriveRound(inputs, previous));
      expect(out.state).toEqual(full.state!.data);
      expect(out.weights).toEqual(full.weights!.data);
    }
  });

  it('readRound without measurements keeps every other record of the round', async () => {
    const full = await readRound(ledger, 2);
    const light = await readRound(ledger, 2, { measurements: false });
    expect(light.measurements).toEqual([]);
    expect({ ...light, measurements: full.measurements }).toEqual(full);
  });
});
