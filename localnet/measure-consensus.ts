import type { ChainClient } from '../chain/index.js';
import { cosine, normalized, stakeWeightedMean, YUMA_KAPPA, yumaTrust } from './consensus.js';
import type { DevnetConsensus, DevnetRunOptions, DevnetValidatorSummary } from './types.js';

/** Consensus target of `rodeo devnet --validators N`: every pairwise cosine of the weight vectors on chain. */
export const CONSENSUS_MIN_COSINE = 0.95;

/**
 * Waits until the chain has run an epoch after the last weights (so its validator trust reflects them), then
 * reads every validator's weights and stake and computes the agreement figures.
 */
export async function measureConsensus(
  o: DevnetRunOptions,
  client: ChainClient,
  netuid: number,
  tempo: number,
  validators: DevnetValidatorSummary[],
): Promise<DevnetConsensus> {
  const until = (await client.head()).number + tempo + 2;
  for (let i = 0; i < 4 * (tempo + 2) + 40; i++) {
    if ((await client.head()).number >= until) break;
    await new Promise((r) => setTimeout(r, Math.max(50, o.blockTimeMs / 2)));
  }
  const meta = await client.metagraph(netuid);
  const rows = await client.weights(netuid);
  const neuronOf = new Map(meta.neurons.map((n) => [n.hotkey, n]));
  const vectors = validators.map(
    (v) =>
      new Map(
        (rows.find((row) => row.hotkey === v.hotkey)?.weights ?? []).map((w) => [w.uid, w.value] as const),
      ),
  );
  const stake = validators.map((v) => Number(neuronOf.get(v.hotkey)?.stake ?? 0n));
  const mean = stakeWeightedMean(vectors, stake);
  const yuma = yumaTrust(vectors, stake, YUMA_KAPPA);
  const pairs: DevnetConsensus['pairs'] = [];
  for (let a = 0; a < validators.length; a++)
    for (let b = a + 1; b < validators.length; b++)
      pairs.push({ a: a + 1, b: b + 1, cosine: cosine(normalized(vectors[a]!), normalized(vectors[b]!)) });
  const champions = validators.map((v) => v.champion?.hotkey);
  const sameChampion = champions[0] !== undefined && champions.every((c) => c === champions[0]);
  const minCosine = Math.min(...pairs.map((p) => p.cosine));
  return {
    block: meta.block,
    kappa: YUMA_KAPPA,
    target: CONSENSUS_MIN_COSINE,
    sameChampion,
    minCosine,
    ok: sameChampion && minCosine >= CONSENSUS_MIN_COSINE,
    pairs,
    validators: validators.map((v, i) => ({
      number: v.number,
      hotkey: v.hotkey,
      champion: v.champion?.name,
      cosineWithConsensus: cosine(vectors[i]!, mean),
      trustOnChain: neuronOf.get(v.hotkey)?.validatorTrust ?? 0,
      trustYuma: yuma.trust[i] ?? 0,
      permit: neuronOf.get(v.hotkey)?.validatorPermit ?? false,
    })),
  };
}
