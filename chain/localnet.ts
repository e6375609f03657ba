import type { ChainClient } from './client.js';
import type { HyperparamsInput, Signer } from './types.js';

/**
 * A subnet ready for tests and local networks, the way a localnet operator prepares one with sudo: no network
 * rate limit, no admin freeze window or start-call delay (where the runtime has them), the subnet registered
 * for `ownerHotkey` and started, its hyperparameters set and no minimum stake to set weights.
 */
export async function createLocalSubnet(
  client: ChainClient,
  sudo: Signer,
  ownerHotkey: string,
  hyperparams: HyperparamsInput = {},
): Promise<number> {
  const has = (pallet: string, call: string) => client.view.hasCall(pallet, call);
  await client.sudoSetNetworkRateLimit(sudo, 0);
  if (has('adminUtils', 'sudoSetAdminFreezeWindow')) await client.sudoSetAdminFreezeWindow(sudo, 0);
  if (has('adminUtils', 'sudoSetStartCallDelay')) await client.sudoSetStartCallDelay(sudo, 0);
  const { netuid } = await client.registerNetwork(sudo, ownerHotkey);
  if (has('subtensorModule', 'startCall')) await client.startCall(sudo, netuid);
  if (Object.keys(hyperparams).length > 0) await client.sudoSetHyperparams(sudo, netuid, hyperparams);
  await client.sudoSetStakeThreshold(sudo, 0n);
  return netuid;
}
