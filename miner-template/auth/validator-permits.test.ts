import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Metagraph, Neuron } from '../../chain/index.js';
import { silentLogger } from '../../config/index.js';
import { watchValidatorPermits } from './validator-permits.js';

const graph = (permits: Record<string, boolean>): Metagraph => ({
  netuid: 1,
  block: 1,
  blockHash: '0x',
  neurons: Object.entries(permits).map(
    ([hotkey, validatorPermit], uid) => ({ uid, hotkey, validatorPermit }) as unknown as Neuron,
  ),
});

describe('watchValidatorPermits', () => {
  it('allows permit holders, follows refreshes and keeps the last set when a read fails', async () => {
    const reads: (() => Metagraph)[] = [
      () => graph({ v1: true, m1: false }),
      () => graph({ v1: false, v2: true }),
      () => {
        throw new Error('chain down');
      },
    ];
    let calls = 0;
    const permits = await watchValidatorPermits(
      async () => reads[Math.min(calls++, reads.length - 1)]!(),
      5,
      silentLogger,
    );
    try {
      expect(permits.isValidator('v1')).toBe(true);
      expect(permits.isValidator('m1')).toBe(false);
      for (let i = 0; i < 200 && calls < 4; i++) await sleep(5);
      expect(calls).toBeGreaterThanOrEqual(4);
      expect([...permits.hotkeys]).toEqual(['v2']);
    } finally {
      permits.close();
    }
  });
});
