import { type ChainClient, createLocalSubnet } from '../../chain/index.js';
import type { Field } from './field.js';

const TAO = 1_000_000_000n;

export interface SubnetSettings {
  tempo: number;
}

/**
 * The subnet of a devnet, built through sudo and signed extrinsics as on a real localnet: funds the coldkeys,
 * registers the subnet (owner hotkey at uid 0), the validator and every miner, and stakes the validator so the
 * next epoch gives it a permit.
 */
export async function createDevnetSubnet(
  client: ChainClient,
  field: Field,
  settings: SubnetSettings,
): Promise<number> {
  const coldkeys = [field.owner, ...field.miners.map((m) => m.coldkey)].map((k) => k.address);
  await client.sudoFund(field.sudo, coldkeys, 10_000n * TAO);
  const netuid = await createLocalSubnet(client, field.sudo, field.owner.address, {
    tempo: settings.tempo,
    weightsSetRateLimit: 0,
    commitRevealWeightsEnabled: false,
    minAllowedWeights: 1,
    maxRegistrationsPerBlock: 64,
    targetRegistrationsPerInterval: 64,
    maxAllowedValidators: 8,
    servingRateLimit: 0,
  });
  await client.burnedRegister(field.validatorCold, netuid, field.validatorHot.address);
  for (const m of field.miners) await client.burnedRegister(m.coldkey, netuid, m.hotkey.address);
  await client.addStake(field.validatorCold, field.validatorHot.address, netuid, 1_000n * TAO);
  return netuid;
}
