import type { DevnetSummary } from './types.js';

/** The summary; `keep`: the devnet stays up, so the chain can still be inspected. */
export function summaryText(s: DevnetSummary, keep: boolean): string {
  return (
    `\n${statusHeader(s, keep)}\n` +
    `${leaderboardTableFromSummary(s)}\n` +
    `champion: ${s.champion ? `${s.champion.name} (${s.champion.profile})` : 'none'}\n` +
    `weights on chain (netuid ${s.netuid}, ${s.chain}): ${s.weightsOnChain.map((w) => `uid ${w.uid}=${w.value}`).join(', ') || 'none'} — ${s.weightsMatchLedger ? 'equal to the ledger' : 'DIFFERENT from the ledger'}\n` +
    (keep
      ? `  inspect them while it is up: rodeo weights --chain ${s.chain} --netuid ${s.netuid}\n`
      : '  (the chain stopped with this run: `rodeo devnet --keep` keeps it up for `rodeo weights --chain URL --netuid N`)\n') +
    `ledger: ${s.ledger}\n` +
    `replay: ${s.replay.ok ? `verified (${s.replay.records} records, ${s.replay.rounds} rounds recomputed, ${s.replay.seeds.checked} round seeds checked against ${s.replay.seeds.anchorsOnChain} chain anchor(s) on chain, ${s.replay.ms} ms)` : `FAILED: ${s.replay.failure}`}\n` +
    `  again: rodeo replay --ledger ${s.ledger}\n` +
    validatorsText(s) +
    (s.ok ? 'devnet: OK' : `devnet: PROBLEMS\n${s.problems.map((p) => `  - ${p}`).join('\n')}`)
  );
}

const f3 = (x: number) => x.toFixed(3);
const f4 = (x: number) => x.toFixed(4);

/** With several validators: each one's rounds, champion and replay, then the consensus figures. */
export function validatorsText(s: DevnetSummary): string {
  if (s.validators.length < 2 || !s.consensus) return '';
  const c = s.consensus;
  const lines = [`validators (the lines above are validator 1's):`];
  for (const v of s.validators) {
    lines.push(
      `  validator ${v.number} ${v.hotkey} uid ${v.uid ?? '-'}${v.payer ? ' (pool payer)' : ''}: ${v.rounds} rounds, champion ${v.champion?.name ?? 'none'}, weights on chain ${v.weightsMatchLedger ? 'equal to its ledger' : 'DIFFERENT from its ledger'}, replay ${v.replay.ok ? `verified (${v.replay.seeds.checked} round seeds checked)` : `FAILED: ${v.replay.failure}`}`,
      `    ledger ${v.ledger} · dashboard was ${v.dashboard}`,
    );
  }
  lines.push(`consensus (weights and stakes read from chain at block ${c.block}):`);
  for (const v of c.validators) {
    const pairs = c.pairs
      .filter((p) => p.a === v.number || p.b === v.number)
      .map((p) => `vs ${p.a === v.number ? p.b : p.a} ${f4(p.cosine)}`)
      .join(', ');
    lines.push(
      `  validator ${v.number}: champion ${v.champion ?? 'none'} · cosine ${pairs} · vs stake-weighted consensus ${f4(v.cosineWithConsensus)} · validator trust: Yuma ${f3(v.trustYuma)}, chain ${f3(v.trustOnChain)}${v.permit ? '' : ' (no permit)'}`,
    );
  }
  lines.push(
    `  same champion: ${c.sameChampion ? 'yes' : 'NO'} · smallest pairwise cosine ${f4(c.minCosine)} (target >= ${c.target}) · consensus ${c.ok ? 'OK' : 'MISSED'}`,
    `  validator trust "Yuma" is computed here from the weights on chain (each uid clipped at the level validators holding kappa ${c.kappa} of the stake give it, the clipped row summed); "chain" is the devnet's ValidatorTrust, whose simplified epoch clips nothing (1 for every permit holder whose weights count)`,
  );
  return `${lines.join('\n')}\n`;
}

const statusHeader = (s: DevnetSummary, keep: boolean) =>
  keep
    ? `Rodeo devnet: ${s.rounds} rounds sealed, more to come · dashboard: ${s.dashboard}`
    : `Rodeo devnet finished: ${s.rounds} rounds · dashboard was ${s.dashboard}`;

function leaderboardTableFromSummary(s: DevnetSummary): string {
  return s.miners
    .map(
      (m, i) =>
        `  ${String(i + 1).padStart(2)}. ${m.name.padEnd(20)} ${m.profile.padEnd(13)} avg ${m.average.toFixed(1).padStart(5)}  weight ${m.weight.toFixed(3)}  ${m.eligible ? '' : `(${m.reason})`}`,
    )
    .join('\n');
}
