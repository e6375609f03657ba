import { ApiPromise, WsProvider } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { FrameSystemAccountInfo } from '@polkadot/types/lookup';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CUSTOM_SIGNED_EXTENSIONS, startDevnet } from './index.js';
import { type DevnetHarness, send, startHarness } from './test-support.js';

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
      expect(api.tx.subtensorModule.setWeights).toBeDefined();
      expect(api.tx.subtensorModule.commitTimelockedWeights).toBeUndefined();
      expect(api.call.neuronInfoRuntimeApi?.getNeuronsLite).toBeDefined();
    } finally {
      warn.mockRestore();
      log.mockRestore();
      await api.disconnect();
    }
  });

  it('serves metadata v14 by state_getMetadata and v15/v16 by runtime call, all decodable', async () => {
    const versions = await h.api.call.metadata.metadataVersions();
    expect(versions.map((v) => v.toNumber())).toEqual([14, 15, 16]);
    const v14 = await h.api.rpc.state.getMetadata();
    expect(v14.version).toBe(14);
    for (const version of [15, 16]) {
      const opaque = await h.api.call.metadata.metadataAtVersion(version);
      const md = new Metadata(new TypeRegistry(), opaque.unwrap().toU8a(true));
      expect(md.version).toBe(version);
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
    const now = await h.api.query.timestamp.now();
    expect(now.toNumber()).toBeGreaterThan(0);
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
    const unsub = await h.api.query.system.account(h.ferdie.address, (info) => {
      values.push(info.data.free.toBigInt());
    });
    try {
      await vi.waitFor(() => expect(values.length).toBe(1));
      await send(h, h.api.tx.balances.transferKeepAlive(h.ferdie.address, 5_000_000_000n), h.alice);
      await vi.waitFor(() => expect(values.length).toBe(2));
      expect((values[1] as bigint) - (values[0] as bigint)).toBe(5_000_000_000n);
    } finally {
      unsub();
    }
  });

  it('answers queryStorageAt, getKeysPaged, getStorage at old blocks and historic queries', async () => {
    const key = h.api.query.system.account.key(h.bob.address);
    const [raw] = await h.api.rpc.state.queryStorageAt([key]);
    const bob = h.api.createType<FrameSystemAccountInfo>('FrameSystemAccountInfo', raw?.toU8a(true));
    expect(bob.data.free.toBigInt()).toBeGreaterThan(0n);
    const keys = await h.api.rpc.state.getKeysPaged(h.api.query.system.account.keyPrefix(), 3);
    expect(keys.length).toBe(3);
    const next = await h.api.rpc.state.getKeysPaged(h.api.query.system.account.keyPrefix(), 3, keys[2]);
    expect(next.map((k) => k.toHex())).not.toContain(keys[2]?.toHex());
    const genesis = await h.api.rpc.chain.getBlockHash(1);
    const apiAt = await h.api.at(genesis);
    expect((await apiAt.query.system.number()).toNumber()).toBe(1);
    const entries = await h.api.query.system.account.entries();
    expect(entries.length).toBeGreaterThanOrEqual(6);
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
