/**
 * The soak benchmark's hostile miners, in a process of their own so their loops never slow the devnet's blocks
 * or the validator:
 *   node --import tsx perf/lib/soak-hostile.ts '<json HostileInput>'
 * Each slot is a real node:http server on 127.0.0.1 (test/hostile/miners.ts startHostileMiner) serving a valid
 * manifest. An `attack` slot delegates every chat request to the attack attacksFor(round) gives it, switched by
 * POST {control}/round {"round": n} (the validator child posts it before benchmarking round n); a `relay` slot
 * forwards every request to an honest miner unchanged (the baseline's stand-in for a hostile miner). Prints one
 * JSON line (HostileReady) once listening; exits on SIGTERM/SIGINT or when its stdin closes (parent gone).
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Manifest, manifestSha256 } from '../../protocol/index.js';
import { type Attack, type HostileMiner, startHostileMiner } from '../../test/hostile/miners.js';
import { attacksFor, type HostileInput, type HostileReady } from './soak-plan.js';

const input = JSON.parse(process.argv[2] ?? '{}') as HostileInput;
const attackSlots = input.slots.filter((s) => s.mode === 'attack').length;
let round = 0;

/** Forwards the request to the honest miner and pipes its answer back, status and headers included. */
async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  await new Promise<void>((resolve) => {
    const up = httpRequest(
      `${input.honestUrl}/v1/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('end', resolve);
        answer.once('error', () => resolve());
      },
    );
    up.once('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
      resolve();
    });
    res.once('close', () => {
      up.destroy();
      resolve();
    });
    up.end(Buffer.concat(parts));
  });
}

const relayAttack: Attack = {
  name: 'relay',
  what: 'an honest relay to another miner (baseline)',
  codes: [],
  outcome: 'finishes',
  stages: ['round'],
  handle: (req, res) => relay(req, res),
};

/** Runs the attack attacksFor(round) gives this slot now; a request keeps the attack it started with. */
const switching = (index: number): Attack => ({
  ...relayAttack,
  name: `slot-${index}`,
  what: 'a different attack every round',
  handle: (req, res, ctx) => attacksFor(round, attackSlots)[index]!.handle(req, res, ctx),
});

const manifestOf = (slot: HostileInput['slots'][number], url: string): Manifest => ({
  v: 1,
  name: slot.name,
  image: slot.image,
  sourceUrl: 'https://github.com/rodeo-devnet/hostile-miner',
  sourceCommit: slot.sourceCommit,
  license: 'MIT',
  endpoint: url,
  hotkey: slot.hotkey,
  components: [],
});

const miners: HostileMiner[] = [];
const control = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/round') {
    res.writeHead(404).end();
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (p: Buffer) => parts.push(p));
  req.on('end', () => {
    const n = Number(
      (JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as { round?: unknown }).round,
    );
    if (!Number.isInteger(n) || n < 1) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'body must be {"round": <integer >= 1>}' }));
      return;
    }
    round = n;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ round, attacks: attacksFor(round, attackSlots).map((a) => a.name) }));
  });
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const closed = new Promise<void>((resolve) => control.close(() => resolve()));
  control.closeAllConnections();
  await Promise.all([...miners.map((m) => m.close()), closed]);
  process.exit(code);
}
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));
process.stdin.once('close', () => void stop(0));
process.stdin.resume();

try {
  for (const slot of input.slots) {
    const submission = (url: string) => manifestOf(slot, url);
    const miner = await startHostileMiner(slot.mode === 'relay' ? relayAttack : switching(slot.index), {
      ttftMs: input.ttftMs,
      requestMs: input.requestMs,
      honestUrl: input.honestUrl,
      submission,
    });
    miners.push(miner);
  }
  control.listen(0, '127.0.0.1');
  await once(control, 'listening');
  const ready: HostileReady = {
    control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    slots: miners.map((m, i) => {
      const slot = input.slots[i]!;
      return { url: m.url, sha256: manifestSha256(manifestOf(slot, m.url)) };
    }),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
} catch (err) {
  process.stderr.write(`soak-hostile: could not start: ${(err as Error).stack ?? String(err)}\n`);
  await stop(1);
}
