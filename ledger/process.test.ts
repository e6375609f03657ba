import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from './fixtures/temp.js';
import { type LedgerRecord, openLedger } from './index.js';

const dirs = tempDirs();
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await dirs.cleanup();
});

const CHILD = fileURLToPath(new URL('./fixtures/child.ts', import.meta.url));

function startChild(
  mode: 'write' | 'open',
  dir: string,
): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

type Step = LedgerRecord<{ batch: number; i: number; n: number }>;

describe('ledger across processes', { timeout: 120_000 }, () => {
  it('a second process opening the ledger gets LEDGER_LOCKED naming the directory', async () => {
    const dir = await dirs.make();
    const ledger = await openLedger(dir);
    try {
      const { child, lines } = startChild('open', dir);
      const out = JSON.parse((await lines.next()).value as string) as { code: string; message: string };
      await exited(child);
      expect(out.code).toBe('LEDGER_LOCKED');
      expect(out.message).toContain(dir);
      expect(out.message).toContain('another rodeo may be running');
    } finally {
      await ledger.close();
    }
    const { child, lines } = startChild('open', dir);
    expect(JSON.parse((await lines.next()).value as string)).toEqual({ opened: true });
    await exited(child);
  });

  it('kill -9 at random moments leaves whole batches only, every acknowledged one kept', async () => {
    const dir = await dirs.make();
    for (let round = 0; round < 6; round++) {
      const { child, lines } = startChild('write', dir);
      // Let it acknowledge a random number of batches, then kill it mid-stream (it never stops writing).
      const wanted = 1 + Math.floor(Math.random() * 25);
      let acked = { batch: -1, seq: -1 };
      for (let i = 0; i < wanted; i++) {
        const next = await lines.next();
        if (next.done) throw new Error('writer exited early');
        const [, batch, seq] = (next.value as string).split(' ');
        acked = { batch: Number(batch), seq: Number(seq) };
      }
      child.kill('SIGKILL');
      await exited(child);

      const ledger = await openLedger(dir);
      try {
        const head = ledger.head()!;
        expect(head.seq).toBeGreaterThanOrEqual(acked.seq);
        const result = await ledger.verify();
        expect(result.firstError).toBeUndefined();
        expect(result.ok).toBe(true);
        const last = (await ledger.lastRecord('step')) as Step;
        expect(last.seq).toBe(head.seq);
        expect(last.data.i).toBe(last.data.n - 1);
        // The last batch is complete: n records with indexes 0..n-1, contiguous.
        const batch: Step[] = [];
        for await (const r of ledger.records({ fromSeq: head.seq - last.data.n + 1 })) batch.push(r as Step);
        expect(batch.map((r) => [r.data.batch, r.data.i])).toEqual(
          Array.from({ length: last.data.n }, (_, i) => [last.data.batch, i]),
        );
      } finally {
        await ledger.close();
      }
    }
  });
});
