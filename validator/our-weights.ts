import type { ValidatorContext } from './context.js';

/** Our neuron as the chain has it now, on the mechanism this validator's weights go to. */
export async function ourNeuron(ctx: ValidatorContext) {
  const m = await ctx.chain.metagraph(ctx.netuid, ctx.config.validator.mechanism);
  return m.neurons.find((n) => n.hotkey === ctx.hotkey.address);
}

/** A weight vector as one comparable string: its `uid:value` pairs in order. */
export function weightVectorKey(uids: readonly number[], values: readonly number[]): string {
  return uids.map((u, i) => `${u}:${values[i]}`).join(',');
}

/** Our weight row on chain (that mechanism's) as a weightVectorKey; undefined when we have none. */
export async function ourRowKey(ctx: ValidatorContext): Promise<string | undefined> {
  const neuron = await ourNeuron(ctx);
  const row = neuron
    ? (await ctx.chain.weights(ctx.netuid, neuron.uid, ctx.config.validator.mechanism))[0]
    : undefined;
  return row
    ? weightVectorKey(
        row.weights.map((w) => w.uid),
        row.weights.map((w) => w.value),
      )
    : undefined;
}
