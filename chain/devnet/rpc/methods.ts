import type { Chain } from '../chain.js';
import { registerAuthorMethods } from './author-methods.js';
import { registerChainMethods } from './chain-methods.js';
import type { Register } from './params.js';
import { type Handler, invalidParams } from './server.js';
import { registerStateMethods } from './state-methods.js';

export interface DevnetControl {
  produceBlocks(count: number): Promise<void>;
}

/** The JSON-RPC method table of the devnet: the subset @polkadot/api uses, plus `dev_newBlock`. */
export function rpcMethods(chain: Chain, control: DevnetControl): Map<string, Handler> {
  const methods = new Map<string, Handler>();
  const register: Register = (names, handler) => {
    for (const name of typeof names === 'string' ? [names] : names) methods.set(name, handler);
  };
  // dev_* methods are callable but not advertised: @polkadot/api warns about RPCs it cannot decorate.
  register('rpc_methods', () => ({
    version: 1,
    methods: [...methods.keys()].filter((m) => !m.startsWith('dev_')).sort(),
  }));
  registerChainMethods(register, chain);
  registerStateMethods(register, chain);
  registerAuthorMethods(register, chain);
  register('dev_newBlock', async ([options]) => {
    const count =
      typeof options === 'object' && options !== null && 'count' in options ? Number(options.count) : 1;
    if (!Number.isInteger(count) || count < 1) throw invalidParams('count must be a positive integer');
    await control.produceBlocks(count);
    return chain.head.hash;
  });
  return methods;
}
