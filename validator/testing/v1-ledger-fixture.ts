/**
 * Writes ledger/fixtures/v1-ledger/ (a LevelDB ledger) and ledger/fixtures/v1-ledger.ndjson (its export):
 * two synthetic rounds of three miners x four tasks, sealed by //Alice. It was run once, by the code that
 * stored records as plain canonical JSON lines (record format 1), and committed; the tests check that later
 * code reads it, verifies its hashes and seals, exports it byte for byte and replays it.
 *
 *   node --import tsx validator/testing/v1-ledger-fixture.ts OUT_DIR
 */
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { openLedger } from '../../ledger/index.js';
import type { StateRecord } from '../record-types.js';
import { type SyntheticMiner, writeSyntheticRound } from './synthetic-rounds.js';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: v1-ledger-fixture.ts OUT_DIR');
const dir = join(out, 'v1-ledger');
if (existsSync(dir)) throw new Error(`${dir} exists; remove it first`);

await cryptoWaitReady();
const signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
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
const ledger = await openLedger(dir);
let state: StateRecord | undefined;
for (let round = 1; round <= 2; round++)
  state = await writeSyntheticRound(ledger, signer, round, miners, state, { tasksPerRound: 4 });
const file = createWriteStream(join(out, 'v1-ledger.ndjson'));
await ledger.exportNdjson(file);
file.end();
await finished(file);
const head = ledger.head();
await ledger.close();
process.stdout.write(`${JSON.stringify(head)}\n`);
