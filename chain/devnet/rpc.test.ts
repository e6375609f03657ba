import { ApiPromise, WsProvider } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CUSTOM_SIGNED_EXTENSIONS, startDevnet } from './index.js';
import { plain } from './runtime/codec.js';
import { type DevnetHarness, query, runtimeCall, send, startHarness, tx } from './test-support.js';

let h: DevnetHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('devnet JSON-RPC', () => {
  it('lets ApiPromise.create connect without warnings and reports the chain identity', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const api = await ApiPromise.create({
      provider: new WsProvider(h.devnet.url),
      signedExtensions: CUSTOM_SIGNED_EXTENSIONS,
    });
    try {
      expect(warn.mock.calls).toEqual([]);
      expect(log.mock.calls).toEqual([]);
      expect((await api.rpc.system.chain()).toString()).toBe('Rodeo Devnet');
      expect(api.runtimeVersion.specName.toString()).toBe('node-subtensor');
      expect(api.runtimeMetadata.version).toBe(16);
      expect(api.registry.chainSS58).toBe(42);
      expect(api.registry.chainDecimals).toEqual([9]);
      expect(api.registry.chainTokens).toEqual(['TAO']);
      expect(api.tx.subtensorModule?.setWeights).toBeDefined();
      expect(api.tx.subtensorModule?.commitTimelockedWeights).toBeDefined(); // its own drand beacon reveals them
      expect(api.call.neuronInfoRuntimeApi?.getNeuronsLite).toBeDefined();
    } finally {
      warn.mockRestore();
      log.mockRestore();
      await api.disconnect();
    }
  });

  it('serves metadata v14 by state_getMetadata and v15/v16 by runtime call, all decodable', async () => {
    expect(await runtimeCall(h, 'metadata.metadataVersions')).toEqual([14, 15, 16]);
    const v14 = await h.api.rpc.state.getMetadata();
    expect(v14.version).toBe(14);
    for (const version of [15, 16]) {
      const opaque = await runtimeCall<Uint8Array>(h, 'metadata.metadataAtVersion', version);
      const md = new Metadata(new TypeRegistry(), opaque);
      expect(md.version).toBe(version);
      expect(u8aToHex(md.toU8a())).toBe(u8aToHex(opaque));
      const names = md.asLatest.pallets.map((p) => `${p.name.toString()}:${p.index.toNumber()}`);
      expect(names).toEqual(
        expect.arrayContaining(['SubtensorModule:7', 'Commitments:18', 'AdminUtils:19', 'Sudo:12']),
      );
    }
  });

  it('advances blocks on demand and through dev_newBlock, with parent links and timestamps', async () => {
    const start = h.devnet.head();
    await h.devnet.produceBlocks(2);
    const hash = await h.api.rpc('dev_newBlock' as never, { count: 1 } as never);
    const head = await h.api.rpc.chain.getHeader();
    expect(head.number.toNumber()).toBe(start.number + 3);
    expect(head.hash.toHex()).toBe(String(hash));
    const parent = await h.api.rpc.chain.getHeader(head.parentHash);
    expect(parent.number.toNumber()).toBe(start.number + 2);
    expect((await h.api.rpc.chain.getFinalizedHead()).toHex()).toBe(head.hash.toHex());
    const block = await h.api.rpc.chain.getBlock(head.hash);
    expect(block.block.extrinsics[0]?.method.section).toBe('timestamp');
    expect(await query<bigint>(h, 'timestamp.now')).toBeGreaterThan(0n);
  });

  it('produces blocks on a timer when blockTimeMs > 0', async () => {
    const devnet = await startDevnet({ port: 0, blockTimeMs: 20 });
    const api = await ApiPromise.create({
      provider: new WsProvider(devnet.url),
      signedExtensions: CUSTOM_SIGNED_EXTENSIONS,
    });
    try {
      const seen: number[] = [];
      await new Promise<void>((resolve) => {
        const unsub = api.rpc.chain.subscribeNewHeads((header) => {
          seen.push(header.number.toNumber());
          if (seen.length === 3) {
            void unsub.then((u) => u());
            resolve();
          }
        });
      });
      expect(seen[2]).toBeGreaterThan(seen[0] as number);
    } finally {
      await api.disconnect();
      await devnet.close();
    }
  });

  it('fires storage subscriptions with the current value and on change', async () => {
    const values: bigint[] = [];
    const subscribe = h.api.query.system?.account as unknown as (
      who: string,
      cb: (info: Codec) => void,
    ) => Promise<() => void>;
    const unsub = await subscribe(h.ferdie.address, (info) => {
      values.push((plain(info) as { data: { free: bigint } }).data.free);
    });
    try {
      await vi.waitFor(() => expect(values.length).toBe(1));
      await send(h, tx(h, 'balances.transferKeepAlive', h.ferdie.address, 5_000_000_000n), h.alice);
      await vi.waitFor(() => expect(values.length).toBe(2));
      expect((values[1] as bigint) - (values[0] as bigint)).toBe(5_000_000_000n);
    } finally {
      unsub();
    }
  });

  it('answers queryStorageAt, getKeysPaged, getStorage at old blocks and historic queries', async () => {
    const account = h.api.query.system?.account;
    if (!account) throw new Error('system.account is not decorated');
    const [raw] = (await h.api.rpc.state.queryStorageAt([account.key(h.bob.address)])) as unknown as Codec[];
    const bob = plain(h.api.createType('FrameSystemAccountInfo', raw?.toU8a(true))) as {
      data: { free: bigint };
    };
    expect(bob.data.free).toBeGreaterThan(0n);
    const keys = await h.api.rpc.state.getKeysPaged(account.keyPrefix(), 3);
    expect(keys.length).toBe(3);
    const next = await h.api.rpc.state.getKeysPaged(account.keyPrefix(), 3, keys[2]);
    expect(next.map((k) => k.toHex())).not.toContain(keys[2]?.toHex());
    const block1 = await h.api.rpc.chain.getBlockHash(1);
    const apiAt = await h.api.at(block1);
    const number = apiAt.query.system?.number as (() => Promise<Codec>) | undefined;
    if (!number) throw new Error('system.number is not decorated');
    expect(plain(await number())).toBe(1);
    expect((await account.entries()).length).toBeGreaterThanOrEqual(6);
  });

  it('accepts JSON-RPC batches and rejects unknown methods with -32601', async () => {
    const socket = new WebSocket(h.devnet.url);
    await new Promise((resolve) => socket.once('open', resolve));
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'system_name', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'no_such_method', params: [] },
      ]),
    );
    const answers = JSON.parse(await reply) as { id: number; result?: unknown; error?: { code: number } }[];
    socket.close();
    expect(answers[0]?.result).toBe('rodeo-devnet');
    expect(answers[1]?.error?.code).toBe(-32601);
  });
});
