import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import type { Result } from '@polkadot/types-codec';
import { CUSTOM_SIGNED_EXTENSIONS, type Devnet, startDevnet } from './index.js';
import { plain } from './runtime/codec.js';

/** A devnet with manual blocks and a connected @polkadot/api, for tests. */
export interface DevnetHarness {
  devnet: Devnet;
  api: ApiPromise;
  keyring: Keyring;
  alice: KeyringPair;
  bob: KeyringPair;
  charlie: KeyringPair;
  dave: KeyringPair;
  eve: KeyringPair;
  ferdie: KeyringPair;
  close(): Promise<void>;
}

export async function startHarness(options: { statefulEpochs?: boolean } = {}): Promise<DevnetHarness> {
  const devnet = await startDevnet({ host: '127.0.0.1', port: 0, blockTimeMs: 0, ...options });
  const api = await ApiPromise.create({
    provider: new WsProvider(devnet.url),
    signedExtensions: CUSTOM_SIGNED_EXTENSIONS,
    noInitWarn: false,
  });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pair = (name: string) => keyring.addFromUri(`//${name}`);
  return {
    devnet,
    api,
    keyring,
    alice: pair('Alice'),
    bob: pair('Bob'),
    charlie: pair('Charlie'),
    dave: pair('Dave'),
    eve: pair('Eve'),
    ferdie: pair('Ferdie'),
    close: async () => {
      await api.disconnect();
      await devnet.close();
    },
  };
}

export interface TxOutcome {
  /** `section.Name` of the dispatch error (`subtensorModule.SettingWeightsTooFast`, `BadOrigin`, `token.FundsUnavailable`). */
  error: string | undefined;
  events: EventRecord[];
  /** `section.method` of every event of the extrinsic. */
  names: string[];
  blockHash: string;
  result: ISubmittableResult;
}

/** Names a DispatchError the way the tests compare it. */
export function errorName(api: ApiPromise, error: DispatchError): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return `${meta.section}.${meta.name}`;
  }
  if (error.isToken) return `token.${error.asToken.type}`;
  if (error.isArithmetic) return `arithmetic.${error.asArithmetic.type}`;
  return error.type;
}

/** The message of a submit-time rejection (`1010: Invalid Transaction: …`), or `accepted`. */
export const rejection = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (e: Error) => e.message,
  );

/** Watches one signed extrinsic until it is in a block; `ready` resolves once it sits in the pool. */
function watch(h: DevnetHarness, xt: SubmittableExtrinsic<'promise'>) {
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const outcome = new Promise<TxOutcome>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    xt.send((result) => {
      if (done) return;
      if (result.status.isReady || result.status.isFuture) markReady();
      if (result.status.isInvalid || result.status.isDropped) {
        done = true;
        reject(new Error(`transaction ${result.status.type}`));
      }
      if (!result.status.isInBlock) return;
      done = true;
      unsubscribe?.();
      resolve({
        error: result.dispatchError ? errorName(h.api, result.dispatchError) : undefined,
        events: result.events,
        names: result.events.map((e) => `${e.event.section}.${e.event.method}`),
        blockHash: result.status.asInBlock.toHex(),
        result,
      });
    }).then((unsub) => {
      unsubscribe = unsub;
      if (done) unsub();
    }, reject);
  });
  // The outcome may reject while another extrinsic of the same batch is still being awaited.
  outcome.catch(() => {});
  return { ready: Promise.race([ready, outcome.then(() => undefined)]), outcome };
}

/**
 * Signs and submits the extrinsics (in order, consecutive nonces per signer), produces one block once
 * all are in the pool and resolves with their in-block outcomes. A submit-time rejection (1010 …)
 * rejects the promise.
 */
export async function sendAll(
  h: DevnetHarness,
  items: [SubmittableExtrinsic<'promise'>, KeyringPair][],
): Promise<TxOutcome[]> {
  const nonces = new Map<string, number>();
  const watched = [];
  for (const [xt, signer] of items) {
    const nonce =
      nonces.get(signer.address) ?? (await h.api.rpc.system.accountNextIndex(signer.address)).toNumber();
    nonces.set(signer.address, nonce + 1);
    await xt.signAsync(signer, { nonce });
    watched.push(watch(h, xt));
  }
  await Promise.all(watched.map((w) => w.ready));
  await h.devnet.produceBlocks(1);
  return Promise.all(watched.map((w) => w.outcome));
}

/** `sendAll` for one extrinsic. */
export async function send(h: DevnetHarness, xt: SubmittableExtrinsic<'promise'>, signer: KeyringPair) {
  const [outcome] = await sendAll(h, [[xt, signer]]);
  return outcome as TxOutcome;
}

type Method = (...args: unknown[]) => unknown;

/** Looks up `api.tx|query|call.<section>.<method>` by a `section.method` path (no api-augment needed). */
function member(h: DevnetHarness, root: 'tx' | 'query' | 'call', path: string): Method {
  const [section, method] = path.split('.') as [string, string];
  const fn = (h.api[root] as unknown as Record<string, Record<string, Method> | undefined>)[section]?.[
    method
  ];
  if (!fn) throw new Error(`api.${root}.${path} is not decorated`);
  return fn;
}

/** `api.tx.<path>(...args)`. */
export const tx = (h: DevnetHarness, path: string, ...args: unknown[]) =>
  member(h, 'tx', path)(...args) as SubmittableExtrinsic<'promise'>;

/** `api.query.<path>(...args)` as a plain value (see runtime/codec `plain`). */
export async function query<T>(h: DevnetHarness, path: string, ...args: unknown[]): Promise<T> {
  return plain((await member(h, 'query', path)(...args)) as Codec) as T;
}

/** `api.call.<path>(...args)` (runtime API) as a plain value. */
export async function runtimeCall<T>(h: DevnetHarness, path: string, ...args: unknown[]): Promise<T> {
  return plain((await member(h, 'call', path)(...args)) as Codec) as T;
}

/** Fields of the first `section.Method` event of an outcome, as plain values. */
export function eventData(outcome: TxOutcome, name: string): unknown[] | undefined {
  const record = outcome.events.find((e) => `${e.event.section}.${e.event.method}` === name);
  return record ? (plain(record.event.data) as unknown[]) : undefined;
}

/** The error name a `utility.batch` was interrupted with (Utility.BatchInterrupted), if any. */
export function batchError(h: DevnetHarness, outcome: TxOutcome): string | undefined {
  const record = outcome.events.find(
    (e) => `${e.event.section}.${e.event.method}` === 'utility.BatchInterrupted',
  );
  return record ? errorName(h.api, record.event.data[1] as unknown as DispatchError) : undefined;
}

/** Sends `sudo(call)` from //Alice; resolves with the inner call's error name (from Sudo.Sudid), if any. */
export async function sudo(
  h: DevnetHarness,
  call: SubmittableExtrinsic<'promise'>,
): Promise<string | undefined> {
  const outcome = await send(h, tx(h, 'sudo.sudo', call), h.alice);
  if (outcome.error) throw new Error(`sudo extrinsic failed: ${outcome.error}`);
  const sudid = outcome.events.find((e) => `${e.event.section}.${e.event.method}` === 'sudo.Sudid');
  if (!sudid) throw new Error('no Sudo.Sudid event');
  const result = sudid.event.data[0] as unknown as Result<Codec, DispatchError>;
  return result.isErr ? errorName(h.api, result.asErr) : undefined;
}

/** Produces blocks until the head is `number` (no-op when already there). */
export async function advanceTo(h: DevnetHarness, number: number): Promise<void> {
  const head = h.devnet.head().number;
  if (number > head) await h.devnet.produceBlocks(number - head);
}

export const TAO = 1_000_000_000n;

export interface Neuron {
  coldkey: KeyringPair;
  hotkey: KeyringPair;
  uid: number;
}

export interface SubnetFixture {
  netuid: number;
  /** Subnet owner: coldkey //Alice, hotkey at uid 0. */
  owner: Neuron;
  validator: Neuron;
  miners: Neuron[];
}

/** Sends root calls as one `sudo(utility.batch_all(...))`; throws if any of them failed. */
export async function sudoAll(h: DevnetHarness, calls: SubmittableExtrinsic<'promise'>[]): Promise<void> {
  const error = await sudo(h, tx(h, 'utility.batchAll', calls));
  if (error) throw new Error(`sudo batch failed: ${error}`);
}

/**
 * A started subnet the way a localnet test sets one up: //Alice registers the network (owner hotkey
 * uid 0), sudo opens registrations, disables commit-reveal and the weights rate limit, then a validator
 * (coldkey //Bob, staked `stake`) and `miners` miners register by burn.
 */
export async function createSubnet(
  h: DevnetHarness,
  options: { miners?: number; stake?: bigint; tag?: string } = {},
): Promise<SubnetFixture> {
  const tag = options.tag ?? 'sn';
  const hot = (name: string) => h.keyring.addFromUri(`//${tag}//${name}`);
  const ownerHot = hot('owner');
  await sudoAll(h, [
    tx(h, 'adminUtils.sudoSetNetworkRateLimit', 0),
    tx(h, 'adminUtils.sudoSetAdminFreezeWindow', 0),
  ]);
  const added = await send(h, tx(h, 'subtensorModule.registerNetwork', ownerHot.address), h.alice);
  const netuid = eventData(added, 'subtensorModule.NetworkAdded')?.[0] as number | undefined;
  if (added.error || netuid === undefined) throw new Error(`register_network failed: ${added.error}`);
  await sudoAll(h, [
    tx(h, 'adminUtils.sudoSetTargetRegistrationsPerInterval', netuid, 100),
    tx(h, 'adminUtils.sudoSetMaxRegistrationsPerBlock', netuid, 100),
    tx(h, 'adminUtils.sudoSetCommitRevealWeightsEnabled', netuid, false),
    tx(h, 'adminUtils.sudoSetWeightsSetRateLimit', netuid, 0),
  ]);
  const coldkeys = [h.bob, h.charlie, h.dave, h.eve, h.ferdie];
  const registrants = Array.from({ length: 1 + (options.miners ?? 3) }, (_, i) => ({
    coldkey: coldkeys[i % coldkeys.length] as KeyringPair,
    hotkey: hot(i === 0 ? 'validator' : `miner${i}`),
  }));
  const outcomes = await sendAll(
    h,
    registrants.map(({ coldkey, hotkey }) => [
      tx(h, 'subtensorModule.burnedRegister', netuid, hotkey.address),
      coldkey,
    ]),
  );
  const neurons = registrants.map((r, i) => {
    const outcome = outcomes[i] as TxOutcome;
    if (outcome.error) throw new Error(`burned_register failed: ${outcome.error}`);
    return { ...r, uid: eventData(outcome, 'subtensorModule.NeuronRegistered')?.[1] as number };
  });
  const [validator, ...miners] = neurons as [Neuron, ...Neuron[]];
  await send(h, tx(h, 'subtensorModule.startCall', netuid), h.alice);
  const staked = await send(
    h,
    tx(h, 'subtensorModule.addStake', validator.hotkey.address, netuid, options.stake ?? 1000n * TAO),
    validator.coldkey,
  );
  if (staked.error) throw new Error(`add_stake failed: ${staked.error}`);
  return { netuid, owner: { coldkey: h.alice, hotkey: ownerHot, uid: 0 }, validator, miners };
}

/**
 * Produces blocks up to and including the next block that runs the epoch of `netuid`: Subtensor's
 * `blocks_until_next_epoch == 0`, i.e. `(b + netuid + 1) % (tempo + 1) == tempo`.
 */
export async function advanceToEpoch(h: DevnetHarness, netuid: number): Promise<number> {
  const tempo = await query<number>(h, 'subtensorModule.tempo', netuid);
  let block = h.devnet.head().number + 1;
  while ((block + netuid + 1) % (tempo + 1) !== tempo) block++;
  await advanceTo(h, block);
  return block;
}
