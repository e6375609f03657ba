import type { ChainClient } from '../chain/index.js';
import { replayLedger } from '../validator/index.js';
import { weightsLanded } from './mainnet-defaults.js';
import { measureConsensus } from './measure-consensus.js';
import type { RunningFieldMiner } from './miners.js';
import type { DevnetRunOptions, DevnetSummary, DevnetValidatorSummary } from './types.js';
import type { RunningValidator } from './validators.js';

async function summarizeValidator(
  o: DevnetRunOptions,
  r: RunningValidator,
  client: ChainClient,
  running: RunningFieldMiner[],
  netuid: number,
): Promise<{ summary: DevnetValidatorSummary; miners: DevnetSummary['miners']; problems: string[] }> {
  const { service } = r;
  const board = service.model.leaderboard();
  const profileOf = new Map(running.map((m) => [m.miner.hotkey.address, m.miner]));
  const last = board.round === undefined ? undefined : service.model.round(board.round);
  const rows = await client.weights(netuid);
  const mine = rows.find((row) => row.hotkey === r.v.hotkey.address);
  const weightsOnChain = (mine?.weights ?? []).map((w) => ({ uid: w.uid, value: w.value }));
  // with commit-reveal the latest round may still await its reveal: compare with the latest round that landed
  const landed = o.mainnetDefaults ? await weightsLanded(service.ledger) : undefined;
  const ledgerEmit =
    landed?.emit ??
    (last?.weights ?? []).filter((w) => w.value > 0).map((w) => ({ uid: w.uid, value: w.value }));
  const weightsMatchLedger = JSON.stringify(weightsOnChain) === JSON.stringify(ledgerEmit);
  const replay = await replayLedger(service.ledger, { seeds: { chain: client } });
  const champ = board.entries.find((e) => e.isChampion);
  const miners = board.entries.map((e) => ({
    uid: e.uid,
    profile: profileOf.get(e.hotkey)?.profile ?? 'unknown',
    name: e.name,
    hotkey: e.hotkey,
    average: e.average,
    weight: e.weight,
    eligible: e.eligible,
    reason: e.ineligibleReason,
  }));
  const problems: string[] = [];
  const sealed = service.model.rounds().filter((n) => service.model.round(n)?.sealed).length;
  if (sealed < o.rounds) problems.push(`only ${sealed} of ${o.rounds} rounds sealed`);
  if (!replay.ok) problems.push(`replay failed: ${replay.failure?.message}`);
  if (!weightsMatchLedger) problems.push('weights on chain differ from the ledger');
  return {
    miners,
    problems,
    summary: {
      number: r.v.index + 1,
      hotkey: r.v.hotkey.address,
      uid:
        mine?.uid ??
        (await client.metagraph(netuid)).neurons.find((n) => n.hotkey === r.v.hotkey.address)?.uid,
      payer: r.v.index === 0,
      dashboard: service.api.url,
      ledger: service.ledger.dir,
      rounds: sealed,
      champion: champ
        ? {
            hotkey: champ.hotkey,
            name: champ.name,
            profile: profileOf.get(champ.hotkey)?.profile ?? 'unknown',
          }
        : undefined,
      weightsOnChain,
      weightsMatchLedger,
      replay: {
        ok: replay.ok,
        records: replay.records,
        rounds: replay.replayedRounds,
        ms: Math.round(replay.ms),
        failure: replay.failure ? `${replay.failure.code}: ${replay.failure.message}` : undefined,
        seeds: { checked: replay.seeds.checked, anchorsOnChain: replay.seeds.anchorsOnChain ?? 0 },
      },
    },
  };
}

/** Every validator's summary, the problems found and, with several validators, their consensus. */
export async function summarize(
  o: DevnetRunOptions,
  validators: RunningValidator[],
  client: ChainClient,
  running: RunningFieldMiner[],
  netuid: number,
  chain: string,
  tempo: number,
): Promise<DevnetSummary> {
  const each = [];
  for (const r of validators) each.push(await summarizeValidator(o, r, client, running, netuid));
  const several = each.length > 1;
  const problems = each.flatMap((e, i) => e.problems.map((p) => (several ? `validator ${i + 1}: ${p}` : p)));
  const consensus = several
    ? await measureConsensus(
        o,
        client,
        netuid,
        tempo,
        each.map((e) => e.summary),
      )
    : undefined;
  if (consensus && !consensus.sameChampion)
    problems.push(
      `consensus: the validators name different champions (${consensus.validators.map((v) => `${v.number}: ${v.champion ?? 'none'}`).join(', ')})`,
    );
  if (consensus && consensus.minCosine < consensus.target)
    problems.push(
      `consensus: smallest cosine similarity of the weights on chain is ${consensus.minCosine.toFixed(3)} (target >= ${consensus.target})`,
    );
  const first = each[0]!;
  return {
    ok: problems.length === 0,
    problems,
    chain,
    netuid,
    dashboard: first.summary.dashboard,
    ledger: first.summary.ledger,
    rounds: first.summary.rounds,
    champion: first.summary.champion,
    miners: first.miners,
    weightsOnChain: first.summary.weightsOnChain,
    weightsMatchLedger: first.summary.weightsMatchLedger,
    replay: first.summary.replay,
    validators: each.map((e) => e.summary),
    consensus,
  };
}
