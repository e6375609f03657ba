import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, runBench } from '../bench/index.js';
import * as benchTesting from '../bench/testing/index.js';
import { ConfigSchema } from '../config/index.js';
import { normalizeTask } from '../datasets/index.js';
import { type AnswerEvent, createArena } from './arena/index.js';
import { ValidatorErrors } from './errors.js';
import {
  addressRefusal,
  checkedAddress,
  checkedLookup,
  minerDispatcher,
  type Resolve,
} from './miner-connector.js';
import { ARENA_PAIR, openLedgerValidator } from './testing/ledger-validator.js';

const { startScriptedSseServer, sse } = benchTesting;
const config = ConfigSchema.parse({});

/** A resolver the test controls: the n-th lookup gets answers[n] (the last one repeats), as a rebinding DNS does. */
function scripted(...answers: string[][]): Resolve & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const list = answers[Math.min(asked.length - 1, answers.length - 1)]!;
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

/** A scripted miner on 127.0.0.1 that counts every TCP connection it accepts. */
type Miner = Awaited<ReturnType<typeof startScriptedSseServer>> & { connections: () => number };
async function startMiner(): Promise<Miner> {
  const server = await startScriptedSseServer(() => ({
    steps: [{ atMs: 0, data: sse.role() + sse.content('hello') + sse.finish() + sse.done() }],
  }));
  let connections = 0;
  server.server.on('connection', () => connections++);
  return Object.assign(server, { connections: () => connections });
}

let miners: Miner[] = [];
beforeAll(async () => {
  miners = [await startMiner(), await startMiner()];
});
afterAll(async () => {
  await Promise.all(miners.map((m) => m.close()));
});
const portOf = (m: Miner) => new URL(m.url).port;

/** Sends one request through `dispatcher` and returns the refusal it failed with (or 'reached' + status). */
async function attempt(url: string, dispatcher: ReturnType<typeof minerDispatcher>): Promise<string> {
  try {
    const res = await request(url, { method: 'POST', body: '{}', dispatcher });
    await res.body.dump();
    return `reached ${res.statusCode}`;
  } catch (err) {
    return addressRefusal(err)?.message ?? `other: ${(err as Error).message}`;
  } finally {
    await dispatcher.destroy();
  }
}

describe('checkedLookup', () => {
  const lookupOnce = (
    lookup: ReturnType<typeof checkedLookup>,
    options: LookupOneOptions | LookupAllOptions,
  ): Promise<string> =>
    new Promise((resolve) => {
      lookup('rebind.test', options as LookupOneOptions, (err, address, family) => {
        if (err) resolve(`refused ${(err as { code?: string }).code}: ${err.message}`);
        else if (Array.isArray(address))
          resolve((address as LookupAddress[]).map((a) => `${a.address}/${a.family}`).join(','));
        else resolve(`${address}/${family}`);
      });
    });

  it('checks every answer, on every lookup: a rebinding name passes once, then is refused', async () => {
    const resolve = scripted(['93.184.215.14'], ['127.0.0.1']);
    const lookup = checkedLookup({ allowPrivate: false, resolve });
    expect(await lookupOnce(lookup, { all: true })).toBe('93.184.215.14/4');
    expect(await lookupOnce(lookup, { all: true })).toBe(
      `refused ${ValidatorErrors.ENDPOINT_ADDRESS_REFUSED.code}: endpoint refused: rebind.test resolves to 127.0.0.1, a loopback address (127.0.0.0/8); no connection was made`,
    );
    expect(resolve.asked).toHaveLength(2);
  });

  it('answers one address or all of them, of the family asked, and refuses a name with any blocked answer', async () => {
    const both = scripted(['2001:4860:4860::8888', '8.8.8.8']);
    expect(await lookupOnce(checkedLookup({ allowPrivate: false, resolve: both }), { family: 4 })).toBe(
      '8.8.8.8/4',
    );
    expect(await lookupOnce(checkedLookup({ allowPrivate: false, resolve: both }), {})).toBe(
      '2001:4860:4860::8888/6',
    );
    const mixed = scripted(['8.8.8.8', '10.0.0.7']);
    expect(await lookupOnce(checkedLookup({ allowPrivate: false, resolve: mixed }), { all: true })).toMatch(
      /resolves to 10\.0\.0\.7, a private address/,
    );
    for (const hidden of ['::ffff:127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:a00:1::1', 'fec0::1', '::7f00:1']) {
      const lookup = checkedLookup({ allowPrivate: false, resolve: scripted([hidden]) });
      expect(await lookupOnce(lookup, { all: true })).toMatch(/^refused VALIDATOR_ENDPOINT_ADDRESS_REFUSED/);
    }
    const empty = checkedLookup({ allowPrivate: false, resolve: scripted(['2001:4860:4860::8888']) });
    expect(await lookupOnce(empty, { family: 4 })).toMatch(/^refused ENOTFOUND/);
    const devnet = checkedLookup({ allowPrivate: true, resolve: scripted(['127.0.0.1']) });
    expect(await lookupOnce(devnet, { all: true })).toBe('127.0.0.1/4');
  });
});

describe('minerDispatcher', () => {
  it('refuses loopback by IP literal or by name before any connection, and allows it when private is allowed', async () => {
    const m = miners[0]!;
    const before = m.connections();
    const url = `${m.url}/v1/chat/completions`;
    expect(await attempt(url, minerDispatcher({ allowPrivate: false }))).toMatch(
      /endpoint refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/,
    );
    expect(await attempt('http://[::1]:9/x', minerDispatcher({ allowPrivate: false }))).toMatch(
      /::1 resolves to ::1, a loopback address/,
    );
    const byName = scripted(['127.0.0.1']);
    expect(
      await attempt(
        `http://miner.test:${portOf(m)}/v1/chat/completions`,
        minerDispatcher({ allowPrivate: false, resolve: byName }),
      ),
    ).toMatch(/miner\.test resolves to 127\.0\.0\.1/);
    expect(m.connections()).toBe(before);

    const devnet = scripted(['127.0.0.1']);
    expect(
      await attempt(
        `http://miner.test:${portOf(m)}/v1/chat/completions`,
        minerDispatcher({ allowPrivate: true, resolve: devnet }),
      ),
    ).toBe('reached 200');
    expect(devnet.asked).toEqual(['miner.test']);
    expect(m.connections()).toBe(before + 1);
  });

  it('benchmark requests through it: a miner whose name now answers 127.0.0.1 fails its task by name, unreached', async () => {
    const m = miners[0]!;
    const before = m.connections();
    // whatever an earlier check saw, the benchmark's own connection resolves again and checks that answer
    const resolve = scripted(['127.0.0.1']);
    const guarded = minerDispatcher({ allowPrivate: false, resolve });
    try {
      const measured = await measure(
        {
          taskId: 't1',
          url: `http://miner.rebind.test:${portOf(m)}`,
          model: 'janus',
          body: { messages: [{ role: 'user', content: 'hi' }], stream: true },
          deadlines: config.bench.deadlines.chat,
          dispatcher: guarded,
        },
        config.bench,
      );
      expect(measured.error?.code).toBe(ValidatorErrors.ENDPOINT_ADDRESS_REFUSED.code);
      expect(measured.error?.message).toMatch(
        /endpoint refused: miner\.rebind\.test resolves to 127\.0\.0\.1/,
      );
    } finally {
      await guarded.destroy();
    }
    expect(resolve.asked).toEqual(['miner.rebind.test']);
    expect(m.connections()).toBe(before);
  });

  it('arena battles through it: private miners are refused without naming them; allowed on a devnet', async () => {
    const fx = await openLedgerValidator({
      field: ARENA_PAIR,
      rounds: 1,
      endpoints: { 0: miners[0]!.url, 1: miners[1]!.url },
    });
    const before = miners.map((m) => m.connections());
    const battle = async (allowPrivate: boolean) => {
      const dispatcher = minerDispatcher({ allowPrivate });
      const arena = createArena({
        store: fx.store,
        config: config.validator.api.arena,
        randomInt: () => 0,
        dispatcher,
      });
      try {
        const ticket = arena.startBattle('hi', `voter-${allowPrivate}`);
        const last = (side: 'a' | 'b') =>
          new Promise<AnswerEvent>((resolve) =>
            arena.watch(ticket.id, side, (e) => {
              if (e.type !== 'delta') resolve(e);
            }),
          );
        return await Promise.all([last('a'), last('b')]);
      } finally {
        arena.close();
        await dispatcher.destroy();
      }
    };
    try {
      const refused = await battle(false);
      for (const e of refused) {
        expect(e).toEqual({
          type: 'error',
          message: 'the miner could not be reached (VALIDATOR_ENDPOINT_ADDRESS_REFUSED)',
        });
      }
      expect(miners.map((m) => m.connections())).toEqual(before);
      const allowed = await battle(true);
      for (const e of allowed) expect(e).toMatchObject({ type: 'end', reason: 'stop' });
      expect(miners.map((m) => m.connections())).toEqual(before.map((n) => n + 1));
    } finally {
      await fx.close();
    }
  });
});

describe('checkedAddress (the bench reader worker)', () => {
  it('a benchmark read on the worker connects only to the checked address: refused when private, reached by name when allowed', async () => {
    const m = miners[0]!;
    const task = normalizeTask({
      id: 't',
      category: 'chat',
      input: { messages: [{ role: 'user', content: 'hi' }] },
    });
    const bench = async (allowPrivate: boolean, resolve: Resolve) => {
      const options = { allowPrivate, resolve };
      const dispatcher = minerDispatcher(options);
      try {
        const results = await runBench({
          tasks: [task],
          targets: [
            {
              id: 'm',
              url: `http://miner.rebind.test:${portOf(m)}`,
              model: 'janus',
              dispatcher,
              connectAddress: checkedAddress(options),
            },
          ],
          config: { ...config.bench, reader: 'worker' },
        });
        return results.get('m')![0]!;
      } finally {
        await dispatcher.destroy();
      }
    };
    const before = m.connections();
    const rebinding = scripted(['127.0.0.1']);
    const refused = await bench(false, rebinding);
    expect(refused.error?.code).toBe(ValidatorErrors.ENDPOINT_ADDRESS_REFUSED.code);
    expect(m.connections()).toBe(before);
    // miner.rebind.test resolves nowhere but through the test's resolver: reaching the miner proves the pin
    const devnet = scripted(['127.0.0.1']);
    const reached = await bench(true, devnet);
    expect(reached.error).toBeUndefined();
    expect(reached.content).toBe('hello');
    expect(devnet.asked).toEqual(['miner.rebind.test']);
    expect(m.connections()).toBe(before + 1);
  });
});
