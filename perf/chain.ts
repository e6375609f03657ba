/**
 * The chain client on the devnet (in process, blocks on demand): metagraph sync of a 256-neuron subnet
 * (JSON-RPC round trips and ms) and set_weights over 256 uids (extrinsic bytes, time from submit to inclusion).
 *
 *   npx tsx perf/chain.ts [--neurons 256] [--runs 10]
 */
import { parseArgs } from 'node:util';
import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevnet } from '../chain/devnet/index.js';
import { calls, connectChain, convertWeightsForEmit, createLocalSubnet } from '../chain/index.js';
import { defaultConfig, silentLogger } from '../config/index.js';

const { values: args } = parseArgs({
  options: { neurons: { type: 'string', default: '256' }, runs: { type: 'string', default: '10' } },
});
const NEURONS = Number(args.neurons);
const RUNS = Number(args.runs);
const TEMPO = 20;
const REGISTRATIONS_PER_BLOCK = 64;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const validator = keyring.addFromUri('//Perf//validator');
const devnet = await startDevnet({ port: 0, blockTimeMs: 0 });
const client = await connectChain({ ...defaultConfig().chain, endpoint: devnet.url }, silentLogger, {
  onPooled: () => devnet.produceBlocks(1),
});
const raw = new WsProvider(devnet.url);
try {
  const t0 = process.hrtime.bigint();
  const netuid = await createLocalSubnet(client, alice, validator.address, {
    tempo: TEMPO,
    maxAllowedUids: NEURONS,
    maxRegistrationsPerBlock: REGISTRATIONS_PER_BLOCK,
    targetRegistrationsPerInterval: NEURONS,
    weightsSetRateLimit: 0,
    commitRevealWeightsEnabled: false,
    minAllowedWeights: 1,
  });
  const hotkeys = Array.from(
    { length: NEURONS - 1 },
    (_, i) => keyring.addFromUri(`//Perf//miner${i}`).address,
  );
  for (let i = 0; i < hotkeys.length; i += REGISTRATIONS_PER_BLOCK) {
    const batch = hotkeys
      .slice(i, i + REGISTRATIONS_PER_BLOCK)
      .map((h) => calls.burnedRegister(client.view, netuid, h));
    await client.submit(alice, client.view.call('utility', 'batchAll', batch), 'register miners');
  }
  await client.addStake(alice, validator.address, netuid, 1_000_000_000_000n);
  await devnet.produceBlocks(TEMPO + 2); // an epoch: the staked owner hotkey gets a validator permit
  process.stdout.write(`setup: ${NEURONS} neurons registered in ${(ms(t0) / 1000).toFixed(1)} s\n`);

  const syncMs: number[] = [];
  let requests = 0;
  let n = 0;
  for (let r = 0; r < RUNS; r++) {
    const before = client.rpcRequests;
    const t = process.hrtime.bigint();
    const graph = await client.metagraph(netuid);
    syncMs.push(ms(t));
    requests = client.rpcRequests - before;
    n = graph.neurons.length;
  }
  process.stdout.write(
    `metagraph sync: ${n} neurons, ${requests} JSON-RPC round trips, median ${median(syncMs).toFixed(1)} ms ` +
      `(min ${Math.min(...syncMs).toFixed(1)}, max ${Math.max(...syncMs).toFixed(1)}, ${RUNS} runs)\n`,
  );

  const uids = Array.from({ length: NEURONS }, (_, uid) => uid);
  const weightsMs: number[] = [];
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    const emit = convertWeightsForEmit(
      uids,
      uids.map((uid) => 1 + ((uid * 7919 + r) % 1000)),
    );
    const t = process.hrtime.bigint();
    const tx = await client.setWeights(validator, { netuid, ...emit, versionKey: 0 });
    weightsMs.push(ms(t));
    const block = (await raw.send('chain_getBlock', [tx.blockHash])) as { block: { extrinsics: string[] } };
    bytes = (block.block.extrinsics[tx.extrinsicIndex]!.length - 2) / 2;
  }
  process.stdout.write(
    `set_weights: ${NEURONS} uids, extrinsic ${bytes} bytes, submit to inclusion median ${median(weightsMs).toFixed(1)} ms ` +
      `(min ${Math.min(...weightsMs).toFixed(1)}, max ${Math.max(...weightsMs).toFixed(1)}, ${RUNS} runs; ` +
      'the devnet seals a block as soon as the transaction is in its pool)\n',
  );
} finally {
  await raw.disconnect();
  await client.close();
  await devnet.close();
}
