import { type ChainClient, createLocalSubnet } from '../chain/index.js';
import type { Field } from './field.js';
import { applyMainnetDefaults } from './mainnet-defaults.js';

const TAO = 1_000_000_000n;

export interface SubnetSettings {
  tempo: number;
  /** Mainnet's weights settings once the subnet is set up (localnet/mainnet-defaults.ts). */
  mainnetDefaults?: boolean;
}

/**
 * The subnet of a devnet, built through sudo and signed extrinsics as on a real localnet: funds the coldkeys,
 * registers the subnet (owner hotkey at uid 0), every validator and every miner, and stakes each validator
 * equally so the next epoch gives each a permit.
 */
export async function createDevnetSubnet(
  client: ChainClient,
  field: Field,
  settings: SubnetSettings,
): Promise<number> {
  const extraValidators = field.validators.filter((v) => v.coldkey.address !== field.sudo.address);
  const coldkeys = [
    field.owner,
    ...extraValidators.map((v) => v.coldkey),
    ...field.miners.map((m) => m.coldkey),
  ].map((k) => k.address);
  await client.sudoFund(field.sudo, coldkeys, 10_000n * TAO);
  const netuid = await createLocalSubnet(client, field.sudo, field.owner.address, {
    tempo: settings.tempo,
    weightsSetRateLimit: 0,
    commitRevealWeightsEnabled: false,
    minAllowedWeights: 1,
    maxRegistrationsPerBlock: 64,
    targetRegistrationsPerInterval: 64,
    maxAllowedValidators: Math.max(8, field.validators.length),
    servingRateLimit: 0,
  });
  for (const v of field.validators) await client.burnedRegister(v.coldkey, netuid, v.hotkey.address);
  for (const m of field.miners) await client.burnedRegister(m.coldkey, netuid, m.hotkey.address);
  for (const v of field.validators) await client.addStake(v.coldkey, v.hotkey.address, netuid, 1_000n * TAO);
  if (settings.mainnetDefaults) await applyMainnetDefaults(client, field.sudo, netuid, settings.tempo);
  return netuid;
}
