import type { Ledger, LedgerRecord } from '../ledger/index.js';
import { groupScores, type PoolLogEntry, poolBalance } from '../scoring/index.js';
import {
  type MeasurementsRecord,
  RECORD,
  type ScoresRecord,
  type StateRecord,
  type SubmissionRecord,
  type SubmissionsRecord,
} from './record-types.js';
import { addRecord, emptyRound, type RoundRecords } from './round-records.js';
import type {
  Leaderboard,
  LeaderboardEntry,
  MinerDetail,
  MinerHistoryPoint,
  PoolEvent,
  PoolView,
  RoundSummary,
  StreamSample,
  ValidatorView,
} from './view.js';

/** A round as the read model keeps it: the round-records model without its measurements, plus its time. */
interface RoundDigest extends RoundRecords {
  at: number;
}

/** A revealed manifest only when the reveal passed (schema-valid); older ledgers kept invalid ones too. */
const revealedManifest = (sub: SubmissionRecord | undefined) =>
  sub?.reveal.ok ? sub.reveal.manifest : undefined;
const revealedName = (sub: SubmissionRecord | undefined) => {
  const name = revealedManifest(sub)?.name;
  return typeof name === 'string' ? name : 'unrevealed';
};

/** Sorts miners as the leaderboard ranks them (eligible first, then by moving average, then uid) and numbers them. */
function ranked<T extends { rank: number; eligible: boolean; average: number; uid: number }>(rows: T[]): T[] {
  rows.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.average - a.average || a.uid - b.uid);
  rows.forEach((r, i) => {
    r.rank = i + 1;
  });
  return rows;
}

/** "+0.7 τ over 700 blocks while <hotkey> held #1" (the hotkey is shortened by the dashboard). */
function accrualDetail(gainedRao: number, blocks: number, holder: string | undefined): string {
  const tao = `+${(gainedRao / 1e9).toLocaleString('en-US', { maximumFractionDigits: 3 })} τ`;
  if (holder === undefined) return `${tao}: the balance when this ledger's first scored round began`;
  return `${tao} over ${blocks.toLocaleString('en-US')} blocks while ${holder} held #1`;
}

/** How the pool table shows each kind of pool log entry ("claim-empty": the claim ends, nothing is paid). */
const POOL_EVENT_KIND: Record<PoolLogEntry['kind'], PoolEvent['kind']> = {
  'claim-opened': 'claim',
  'claim-voided': 'void',
  'claim-paid': 'payout',
  'claim-empty': 'claim',
};

/** The kind of a scoring-1 pool event, which recorded only the sentence scoring/pool.ts wrote. */
const legacyPoolEventKind = (text: string): PoolEvent['kind'] =>
  text.includes('voided')
    ? 'void'
    : text.includes('opened')
      ? 'claim'
      : text.includes('paying')
        ? 'payout'
        : 'claim';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 0 : x);

/**
 * The dashboard's read model, kept in memory and fed with every ledger record as it is appended (or read at
 * start). Only small per-round digests are kept; measurements leave one sample stream per miner.
 */
export class ReadModel implements ValidatorView {
  private readonly digests = new Map<number, RoundDigest>();
  private readonly samples = new Map<string, StreamSample>();
  private readonly listeners = new Set<(event: { type: string; round?: number }) => void>();
  private paused = false;
  private disqualified = new Map<string, { reason: string; round: number }>();

  static async load(ledger: Ledger): Promise<ReadModel> {
    const model = new ReadModel();
    for await (const rec of ledger.records()) model.apply(rec);
    return model;
  }

  private digest(round: number, at: number): RoundDigest {
    let d = this.digests.get(round);
    if (!d) {
      d = { ...emptyRound(round), at };
      this.digests.set(round, d);
    }
    return d;
  }

  /** Takes one appended record into the model. */
  apply(rec: LedgerRecord): void {
    switch (rec.type) {
      case RECORD.measurements:
        // only a sample stream per miner is kept, not the measurements
        this.sample(rec.data as MeasurementsRecord);
        break;
      case RECORD.pause:
        this.paused = (rec.data as { paused: boolean }).paused;
        break;
      case RECORD.disqualify: {
        const dq = rec.data as { hotkey: string; reason: string };
        this.disqualified.set(dq.hotkey, { reason: dq.reason, round: rec.round });
        break;
      }
      case RECORD.weightsTx:
      case RECORD.payoutTx:
        // filed under the round they are for
        addRecord(this.digest((rec.data as { forRound: number }).forRound, rec.at), rec);
        break;
      default: {
        const d = this.digest(rec.round, rec.at);
        if (rec.type === RECORD.start) d.at = rec.at;
        addRecord(d, rec);
      }
    }
    for (const l of this.listeners) l({ type: rec.type, round: rec.round });
  }

  /** The longest successful content stream of the miner's latest round is its sample. */
  private sample(m: MeasurementsRecord): void {
    const best = m.measurements
      .filter((x) => !x.error)
      .sort((a, b) => b.events.k.length - a.events.k.length)[0];
    if (!best) return;
    const first = best.events.k.search(/[crt]/);
    this.samples.set(m.hotkey, {
      taskId: best.taskId,
      category: '',
      ttftMs: first === -1 ? undefined : best.events.t[first]! / 1000,
      times: best.events.t.map((t) => t / 1000),
      kinds: best.events.k,
    });
  }

  subscribe(listener: (event: { type: string; round?: number }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many subscribers follow the model (the API's open event streams). */
  subscriberCount(): number {
    return this.listeners.size;
  }

  private ordered(): RoundDigest[] {
    return [...this.digests.values()].filter((d) => d.start).sort((a, b) => a.round - b.round);
  }

  private lastScored(): RoundDigest | undefined {
    return this.ordered()
      .filter((d) => d.state)
      .at(-1);
  }

  rounds(): number[] {
    return this.ordered().map((d) => d.round);
  }

  private poolSummary(d: RoundDigest | undefined) {
    const cfg = d?.start?.data.settings.pool;
    const state = d?.state?.data;
    return {
      balanceRao: cfg && state ? poolBalance(state.pool, cfg) : 0,
      perDayRao: cfg?.perDayRao ?? 0,
      champion: state?.champion?.hotkey,
      claim: state?.pool.claim
        ? {
            id: state.pool.claim.id,
            hotkey: state.pool.claim.hotkey,
            confirmAtBlock: state.pool.claim.confirmAtBlock,
          }
        : undefined,
    };
  }

  /** Each hotkey's latest measured scores, with the round they come from. */
  private latestScores() {
    const out = new Map<string, { round: RoundDigest; miner: ScoresRecord['miners'][number] }>();
    for (const d of this.ordered())
      for (const m of d.scores?.data.miners ?? []) out.set(m.hotkey, { round: d, miner: m });
    return out;
  }

  leaderboard(): Leaderboard {
    const d = this.lastScored();
    const state = d?.state?.data;
    const latest = this.latestScores();
    const weightOf = new Map((d?.weights?.data.uids ?? []).map((u, i) => [u, d!.weights!.data.weights[i]!]));
    const coldkeys = new Map((d?.metagraph?.data.neurons ?? []).map((n) => [n.hotkey, n.coldkey]));
    const names = new Map((d?.submissions?.data.entries ?? []).map((s) => [s.hotkey, s]));
    const averages = new Map((state?.averages ?? []).map((a) => [a.hotkey, a.value]));
    const entries: LeaderboardEntry[] = (state?.eligibility ?? []).map((e) => {
      const last = latest.get(e.hotkey);
      const sub = names.get(e.hotkey);
      const isChampion = state?.champion?.hotkey === e.hotkey;
      return {
        rank: 0,
        uid: e.uid,
        hotkey: e.hotkey,
        coldkey: coldkeys.get(e.hotkey) ?? '',
        name: revealedName(sub),
        average: averages.get(e.hotkey) ?? 0,
        composite: last?.miner.composite ?? 0,
        quality: pct(last?.miner.dimensions.quality),
        speed: pct(last?.miner.dimensions.speed),
        cost: pct(last?.miner.dimensions.cost),
        streaming: pct(last?.miner.dimensions.streaming),
        multimodal: pct(last?.miner.dimensions.multimodal),
        eligible: e.eligible,
        ineligibleReason: e.reason,
        isChampion,
        weight: weightOf.get(e.uid) ?? 0,
        lastEvaluatedRound: last?.round.round,
        lastEvaluatedAt: last ? new Date(last.round.at).toISOString() : undefined,
        championSince:
          isChampion && state?.champion
            ? {
                round: state.champion.sinceRound,
                block: state.champion.sinceBlock,
                at: new Date(this.digests.get(state.champion.sinceRound)?.at ?? d!.at).toISOString(),
              }
            : undefined,
        commitBlock: sub?.commitBlock,
      };
    });
    ranked(entries);
    return {
      round: d?.round,
      block: d?.start?.data.block,
      updatedAt: d ? new Date(d.at).toISOString() : undefined,
      champion: state?.champion?.hotkey,
      crownThreshold: state?.crown.threshold,
      entries,
      pool: this.poolSummary(d),
      paused: this.paused,
    };
  }

  miner(hotkey: string): MinerDetail | undefined {
    const history: MinerHistoryPoint[] = [];
    let sub: SubmissionsRecord['entries'][number] | undefined;
    let uid: number | undefined;
    let coldkey: string | undefined;
    let eligibility: StateRecord['eligibility'][number] | undefined;
    let lastTasks: ScoresRecord['miners'][number]['tasks'] = [];
    let average: number | undefined;
    for (const d of this.ordered()) {
      const s = d.submissions?.data.entries.find((e) => e.hotkey === hotkey);
      if (s) sub = s;
      const n = d.metagraph?.data.neurons.find((x) => x.hotkey === hotkey);
      if (n) {
        uid = n.uid;
        coldkey = n.coldkey;
      }
      eligibility = d.state?.data.eligibility.find((e) => e.hotkey === hotkey) ?? eligibility;
      const avg = d.state?.data.averages.find((a) => a.hotkey === hotkey)?.value;
      if (avg !== undefined) average = avg;
      const m = d.scores?.data.miners.find((x) => x.hotkey === hotkey);
      if (m) {
        lastTasks = m.tasks;
        const wi = d.weights?.data.uids.indexOf(m.uid) ?? -1;
        history.push({
          round: d.round,
          block: d.start?.data.block ?? 0,
          composite: m.composite,
          quality: pct(m.dimensions.quality),
          speed: pct(m.dimensions.speed),
          cost: pct(m.dimensions.cost),
          streaming: pct(m.dimensions.streaming),
          multimodal: pct(m.dimensions.multimodal),
          average: avg ?? m.composite,
          weight: wi >= 0 ? d.weights!.data.weights[wi]! : 0,
        });
      }
    }
    if (!sub && uid === undefined) return undefined;
    const sample = this.samples.get(hotkey);
    const category = lastTasks.find((t) => t.taskId === sample?.taskId)?.category;
    return {
      hotkey,
      uid,
      coldkey,
      name: revealedName(sub),
      eligible: eligibility?.eligible ?? false,
      ineligibleReason: eligibility?.reason,
      manifest: revealedManifest(sub),
      commit: sub?.committedHash
        ? { block: sub.commitBlock, index: sub.commitIndex, hash: sub.committedHash }
        : undefined,
      endpoint: sub?.endpoint,
      average,
      history,
      byCategory: groupScores(lastTasks, (t) => t.category),
      byTaskType: groupScores(lastTasks, (t) => t.type),
      sample: sample ? { ...sample, category: category ?? '' } : undefined,
      disqualified: this.disqualified.get(hotkey),
    };
  }

  round(n: number): RoundSummary | undefined {
    const d = this.digests.get(n);
    if (!d?.start) return undefined;
    const avg = new Map((d.state?.data.averages ?? []).map((a) => [a.hotkey, a.value]));
    const eligible = new Map((d.state?.data.eligibility ?? []).map((e) => [e.hotkey, e.eligible]));
    const ok = d.weightsTx
      .map((t) => t.data)
      .find((t) => t.phase === 'result' && t.ok && t.mode !== 'commit');
    return {
      round: n,
      block: d.start.data.block,
      // a secret-seeded round's seed would let anyone draw its tasks: shown only once its secret is revealed
      seed: d.start.data.seedChain && !d.seedReveal ? undefined : d.start.data.seed,
      seedChain: d.start.data.seedChain && {
        anchor: d.start.data.seedChain.anchor,
        index: d.start.data.seedChain.index,
        secret: d.seedReveal?.data.secret,
      },
      at: new Date(d.at).toISOString(),
      tasks: d.start.data.tasks.count,
      miners: ranked(
        (d.scores?.data.miners ?? []).map((m) => ({
          rank: 0,
          uid: m.uid,
          hotkey: m.hotkey,
          eligible: eligible.get(m.hotkey) ?? false,
          composite: m.composite,
          average: avg.get(m.hotkey) ?? m.composite,
          failed: m.failed,
        })),
      ),
      champion: d.state?.data.champion?.hotkey,
      weights: (d.weights?.data.uids ?? []).map((uid, i) => ({
        uid,
        weight: d.weights!.data.weights[i]!,
        value: d.weights!.data.emit.values[d.weights!.data.emit.uids.indexOf(uid)] ?? 0,
      })),
      weightsTx: ok && ok.phase === 'result' && ok.ok ? { hash: ok.txHash, block: ok.block } : undefined,
      sealed: d.sealed,
    };
  }

  pool(): PoolView {
    const history: PoolView['history'] = [];
    const events: PoolEvent[] = [];
    let payer: string | undefined;
    let payers: string[] = [];
    let twoPayers = false;
    let previous: { round: number; block: number; balance: number; reigning: string | undefined } | undefined;
    // The open run of accrual rounds under one holder: one table row that grows until something else happens.
    let run: { event: PoolEvent; holder: string | undefined; gained: number; sinceBlock: number } | undefined;
    for (const d of this.ordered()) {
      if (!d.state || !d.start) continue;
      const balance = poolBalance(d.state.data.pool, d.start.data.settings.pool);
      const at = new Date(d.at).toISOString();
      history.push({ round: d.round, block: d.start.data.block, balanceRao: balance });
      // The pool logs no event while it grows: accrual rows are derived from the balance, so the table
      // explains every rise of the chart. A payout this round empties the pool after it grew to its total.
      const peak = d.state.data.payout ? d.state.data.payout.totalRao : balance;
      const gained = peak - (previous?.balance ?? 0);
      const holder = previous?.reigning;
      if (gained > 0) {
        if (
          !(
            run &&
            run.holder === holder &&
            run.event.round === previous?.round &&
            events.at(-1) === run.event
          )
        ) {
          run = {
            event: {
              round: d.round,
              fromRound: d.round,
              block: 0,
              at,
              kind: 'accrual',
              balanceRao: 0,
              detail: '',
              txHash: undefined,
            },
            holder,
            gained: 0,
            sinceBlock: previous?.block ?? d.start.data.block,
          };
          events.push(run.event);
        }
        run.gained += gained;
        Object.assign(run.event, {
          round: d.round,
          block: d.start.data.block,
          at,
          balanceRao: peak,
          detail: accrualDetail(run.gained, d.start.data.block - run.sinceBlock, holder),
        });
      }
      previous = { round: d.round, block: d.start.data.block, balance, reigning: d.state.data.pool.reigning };
      for (const e of d.state.data.poolEvents) {
        const kind = typeof e === 'string' ? legacyPoolEventKind(e) : POOL_EVENT_KIND[e.kind];
        events.push({
          round: d.round,
          fromRound: d.round,
          block: d.start.data.block,
          at,
          kind,
          balanceRao: balance,
          detail: typeof e === 'string' ? e : e.text,
          txHash: undefined,
        });
      }
      for (const { data: tx } of d.payoutTx) {
        if (tx.phase !== 'result') continue;
        if (tx.payers) {
          payers = tx.payers;
          twoPayers = tx.payers.length > 1 || (!tx.ok && tx.code === 'VALIDATOR_TWO_PAYERS');
        }
        if (tx.ok) payer = tx.payer ?? d.start.data.validator;
        events.push({
          round: d.round,
          fromRound: d.round,
          block: tx.ok ? tx.block : d.start.data.block,
          at,
          kind: 'payout',
          balanceRao: balance,
          detail: tx.ok
            ? `payout ${tx.id} ${tx.found === 'sent' ? 'sent' : tx.found === 'paid-by-payer' ? `paid by the payer ${tx.payer}` : 'found on chain'}`
            : tx.code === 'VALIDATOR_NOT_PAYER'
              ? `payout ${tx.id}: ${tx.message}`
              : `payout ${tx.id} failed: ${tx.message}`,
          txHash: tx.ok ? tx.txHash : undefined,
        });
      }
    }
    return { ...this.poolSummary(this.lastScored()), history, events, payer, payers, twoPayers };
  }
}
