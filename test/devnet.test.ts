import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { editStoredLines } from '../ledger/testing/index.js';
import { type DevnetSummary, runDevnet } from '../localnet/index.js';
import { RECORD, replayLedger } from '../validator/index.js';

/**
 * The whole subnet on this machine, as `rodeo devnet --rounds 3` runs it: devnet chain over WebSocket, a real
 * validator, six real miner processes in front of simulated upstreams. Checks the outcome a person expects
 * from the profiles, that the weights on chain equal the ledger, and that replay catches a flipped byte.
 */
describe('rodeo devnet', () => {
  let summary: DevnetSummary;

  it('runs three rounds: strong champion, copycat and broken at zero weight, replay verified', {
    timeout: 300_000,
  }, async () => {
    summary = await runDevnet({
      miners: 6,
      rounds: 3,
      keep: false,
      data: mkdtempSync(join(tmpdir(), 'rodeo-devnet-test-')),
      json: true,
      blockTimeMs: 500,
      roundBlocks: 10,
      tasksPerRound: 10,
      chainPort: 0,
      apiPort: 0,
      version: '0.1.0',
      logLevel: 'error',
    });
    expect(summary.problems).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.rounds).toBe(3);
    expect(summary.champion?.profile).toBe('strong');
    const byProfile = Object.fromEntries(summary.miners.map((m) => [m.profile, m]));
    expect(byProfile.copycat!.eligible).toBe(false);
    expect(byProfile.copycat!.reason).toMatch(/^copy of \w+'s submission \(same image digest\)/);
    expect(byProfile.copycat!.weight).toBe(0);
    expect(byProfile.broken!.weight).toBe(0);
    expect(byProfile.strong!.average).toBeGreaterThan(byProfile.average!.average);
    expect(byProfile.average!.average).toBeGreaterThan(byProfile.broken!.average);
    expect(summary.weightsMatchLedger).toBe(true);
    expect(summary.weightsOnChain.length).toBeGreaterThan(0);
    expect(summary.replay.ok).toBe(true);
    expect(summary.replay.rounds).toBe(3);
    // every round's tasks came from a secret seed whose r_k was revealed and checked against the anchor on chain
    expect(summary.replay.seeds.checked).toBe(3);
    expect(summary.replay.seeds.anchorsOnChain).toBe(1);
  });

  it('replay of a copy with one flipped byte in a Measurement fails and names that record', {
    timeout: 120_000,
  }, async () => {
    expect(summary, 'needs the devnet run above').toBeDefined();
    const copy = join(mkdtempSync(join(tmpdir(), 'rodeo-ledger-copy-')), 'ledger');
    cpSync(summary.ledger, copy, { recursive: true });
    // stored values may be compact (record format 2): edit the JSON line a Measurement record holds
    let seq = -1;
    await editStoredLines(copy, (line, at) => {
      if (seq >= 0 || !line.includes(`"type":"${RECORD.measurements}"`)) return undefined;
      seq = at;
      const i = line.indexOf('"k":"') + 5;
      return line.slice(0, i) + (line[i] === 'c' ? 'd' : 'c') + line.slice(i + 1);
    });
    expect(seq).toBeGreaterThan(0);
    const ledger = await openLedger(copy, { create: false });
    try {
      const result = await replayLedger(ledger);
      expect(result.ok).toBe(false);
      expect(result.failure?.seq).toBe(seq);
      expect(result.failure?.type).toBe(RECORD.measurements);
    } finally {
      await ledger.close();
    }
  });
});
