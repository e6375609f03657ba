import type { Command } from 'commander';
import { type ChainClient, ChainErrors, connectChain } from '../chain/index.js';
import type { Config } from '../config/index.js';
import { commandLogger, loadCommandConfig } from './context.js';

/** Option name -> setting, for commands that read the chain. */
const READ_FLAGS = { chain: 'chain.endpoint', netuid: 'chain.netuid' };

export function addReadOptions(cmd: Command): Command {
  return cmd
    .option('--netuid <n>', 'subnet id (chain.netuid)')
    .option('--chain <endpoint>', 'finney | test | local | ws(s)://host:port (chain.endpoint)')
    .option('--json', 'print JSON instead of a table');
}

/** Loads the config from the command's flags, connects, runs `fn` with the netuid, and disconnects. */
export async function withReadClient<T>(
  cmd: Command,
  what: string,
  fn: (client: ChainClient, netuid: number, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadCommandConfig(cmd.optsWithGlobals(), READ_FLAGS);
  const netuid = config.chain.netuid;
  if (netuid === undefined) throw ChainErrors.NO_NETUID(what);
  const client = await connectChain(config.chain, commandLogger(config, 'chain'));
  try {
    return await fn(client, netuid, config);
  } finally {
    await client.close();
  }
}

/** JSON with bigints as decimal strings. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);

/** 5GrwvaEF…utQY: enough of an address to tell rows apart in a table. */
export const shortAddress = (address: string): string =>
  address.length > 14 ? `${address.slice(0, 8)}…${address.slice(-4)}` : address;
