import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { CUSTOM_SIGNED_EXTENSIONS, type Devnet, startDevnet } from './index.js';

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

/** Sends `sudo(call)` from //Alice; resolves with the inner call's error name (from Sudo.Sudid), if any. */
export async function sudo(
  h: DevnetHarness,
  call: SubmittableExtrinsic<'promise'>,
): Promise<string | undefined> {
  const outcome = await send(h, h.api.tx.sudo.sudo(call), h.alice);
  if (outcome.error) throw new Error(`sudo extrinsic failed: ${outcome.error}`);
  const sudid = outcome.events.find((e) => h.api.events.sudo.Sudid.is(e.event));
  if (!sudid || !h.api.events.sudo.Sudid.is(sudid.event)) throw new Error('no Sudo.Sudid event');
  const result = sudid.event.data.sudoResult;
  return result.isErr ? errorName(h.api, result.asErr) : undefined;
}

/** Produces blocks until the head is `number` (no-op when already there). */
export async function advanceTo(h: DevnetHarness, number: number): Promise<void> {
  const head = h.devnet.head().number;
  if (number > head) await h.devnet.produceBlocks(number - head);
}
