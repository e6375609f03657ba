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

export async function startHarness(): Promise<DevnetHarness> {
  const devnet = await startDevnet({ host: '127.0.0.1', port: 0, blockTimeMs: 0 });
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
  return error.type;
}

/**
 * Signs and submits `tx`, produces one block once it is in the pool and resolves with the in-block
 * outcome. Submit-time rejections (1010 …) reject the promise.
 */
export function send(
  h: DevnetHarness,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
): Promise<TxOutcome> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    tx.signAndSend(signer, { nonce: -1 }, (result) => {
      if (done) return;
      if (result.status.isReady) h.devnet.produceBlocks(1).catch(reject);
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
