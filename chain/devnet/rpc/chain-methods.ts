import { u8aToHex } from '@polkadot/util';
import type { Chain } from '../chain.js';
import { CHAIN_NAME, CHAIN_PROPERTIES } from '../runtime-version.js';
import { accountHex, blockParam, headerJson, onBlocks, type Register, unsubscribe } from './params.js';
import type { Handler } from './server.js';

/** system_* and chain_* methods: identity, health, nonces, blocks, headers and head subscriptions. */
export function registerChainMethods(register: Register, chain: Chain): void {
  register('system_chain', () => CHAIN_NAME);
  register('system_name', () => 'rodeo-devnet');
  register('system_version', () => '0.1.0');
  register('system_chainType', () => 'Development');
  register('system_properties', () => CHAIN_PROPERTIES);
  register('system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }));
  register('system_peers', () => []);
  register('system_nodeRoles', () => ['Authority']);
  register('system_localListenAddresses', () => []);
  register('system_syncState', () => ({
    startingBlock: 0,
    currentBlock: chain.head.number,
    highestBlock: chain.head.number,
  }));
  register('system_accountNextIndex', ([account]) => chain.accountNextIndex(accountHex(account)));

  register('chain_getBlockHash', ([n]) => {
    if (n === undefined || n === null) return chain.head.hash;
    const number = typeof n === 'string' ? Number.parseInt(n, n.startsWith('0x') ? 16 : 10) : Number(n);
    return chain.blockByNumber(number)?.hash ?? null;
  });
  register('chain_getHeader', ([hash]) => {
    const block = blockParam(chain, hash);
    return block ? headerJson(block) : null;
  });
  register('chain_getBlock', ([hash], connection) => {
    const block = blockParam(chain, hash);
    if (!block) return null;
    connection.noteRead(block.hash, 'body');
    return {
      block: { header: headerJson(block), extrinsics: block.extrinsics.map((x) => u8aToHex(x)) },
      justifications: null,
    };
  });
  register(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => chain.head.hash);
  const heads =
    (notification: string): Handler =>
    (_p, c) =>
      onBlocks(chain, c, notification, headerJson);
  register(
    ['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'],
    heads('chain_newHead'),
  );
  register(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], heads('chain_finalizedHead'));
  register('chain_subscribeAllHeads', heads('chain_allHead'));
  register(
    [
      'chain_unsubscribeNewHeads',
      'chain_unsubscribeNewHead',
      'unsubscribe_newHead',
      'chain_unsubscribeFinalizedHeads',
      'chain_unsubscribeFinalisedHeads',
      'chain_unsubscribeAllHeads',
    ],
    unsubscribe,
  );
}
