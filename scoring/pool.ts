/**
 * The prize pool as a pure state machine over blocks. It accrues while one champion holds #1; a new
 * champion opens a claim that is paid after an audit window of blocks if the claimant is still #1 and not
 * disqualified: the whole pool, championShare to the champion's coldkey and the rest across the declared
 * component builders by share. A disqualified claimant's claim is voided and the pool stays.
 * Amounts are integer rao.
 */
export interface PoolConfig {
  perDayRao: number;
  blocksPerDay: number;
  auditWindowBlocks: number;
  /** Share of a payout that goes to the champion (0..1); the rest to components, or the champion if none. */
  championShare: number;
}

export interface Component {
  name: string;
  coldkey: string;
  share: number;
}

export interface Claim {
  id: string;
  hotkey: string;
  coldkey: string;
  components: Component[];
  openedBlock: number;
  confirmAtBlock: number;
}

export interface PoolState {
  /** Blocks of reign accrued since the last payout (the balance is derived from it). */
  accruedBlocks: number;
  lastBlock: number | undefined;
  reigning: string | undefined;
  claim: Claim | undefined;
}

export interface Transfer {
  coldkey: string;
  amountRao: number;
  role: 'champion' | 'component';
  name: string;
}

export interface Payout {
  id: string;
  hotkey: string;
  block: number;
  totalRao: number;
  transfers: Transfer[];
}

export interface PoolStep {
  block: number;
  /** The champion after this round's crown decision (undefined: nobody holds #1). */
  champion: { hotkey: string; coldkey: string; components: Component[] } | undefined;
  /** Hotkeys disqualified as of this block. */
  disqualified: ReadonlySet<string>;
}

/** What happened to the pool's claim in one step: a kind to act on, and the sentence people read. */
export interface PoolLogEntry {
  kind: 'claim-opened' | 'claim-voided' | 'claim-paid' | 'claim-empty';
  claimId: string;
  text: string;
}

export interface PoolResult {
  state: PoolState;
  payout: Payout | undefined;
  events: PoolLogEntry[];
}

export const emptyPool = (): PoolState => ({
  accruedBlocks: 0,
  lastBlock: undefined,
  reigning: undefined,
  claim: undefined,
});

export function poolBalance(state: PoolState, config: PoolConfig): number {
  return Math.floor((config.perDayRao * state.accruedBlocks) / config.blocksPerDay);
}

export function splitPayout(total: number, claim: Claim, championShare: number): Transfer[] {
  const components = claim.components.filter((c) => c.share > 0);
  const shareSum = components.reduce((s, c) => s + c.share, 0);
  const componentBps = 10_000 - Math.round(championShare * 10_000);
  const componentPot = components.length ? Math.floor((total * componentBps) / 10_000) : 0;
  const transfers: Transfer[] = components.map((c) => ({
    coldkey: c.coldkey,
    amountRao: Math.floor((componentPot * c.share) / shareSum),
    role: 'component',
    name: c.name,
  }));
  const paidToComponents = transfers.reduce((s, t) => s + t.amountRao, 0);
  return [
    {
      coldkey: claim.coldkey,
      amountRao: total - paidToComponents,
      role: 'champion' as const,
      name: claim.hotkey,
    },
    ...transfers,
  ].filter((t) => t.amountRao > 0);
}

export function advancePool(state: PoolState, step: PoolStep, config: PoolConfig): PoolResult {
  const events: PoolLogEntry[] = [];
  const log = (kind: PoolLogEntry['kind'], claimId: string, text: string) =>
    events.push({ kind, claimId, text });
  const next: PoolState = { ...state };
  if (next.reigning !== undefined && next.lastBlock !== undefined && step.block > next.lastBlock) {
    next.accruedBlocks += step.block - next.lastBlock;
  }
  next.lastBlock = step.block;

  if (next.claim && step.disqualified.has(next.claim.hotkey)) {
    log(
      'claim-voided',
      next.claim.id,
      `claim ${next.claim.id} of ${next.claim.hotkey} voided: disqualified; the pool stays`,
    );
    next.claim = undefined;
  }
  const newHolder = step.champion?.hotkey;
  if (newHolder !== next.reigning) {
    if (next.claim && next.claim.hotkey !== newHolder) {
      log(
        'claim-voided',
        next.claim.id,
        `claim ${next.claim.id} of ${next.claim.hotkey} voided: lost #1 before confirmation`,
      );
      next.claim = undefined;
    }
    // The first champion of an empty pool beat nobody: its reign starts the pool, it claims nothing.
    const poolStarted = next.reigning !== undefined || next.accruedBlocks > 0;
    if (step.champion && poolStarted && !step.disqualified.has(step.champion.hotkey)) {
      next.claim = {
        id: `payout-${step.champion.hotkey.slice(0, 16)}-${step.block}`,
        hotkey: step.champion.hotkey,
        coldkey: step.champion.coldkey,
        components: step.champion.components,
        openedBlock: step.block,
        confirmAtBlock: step.block + config.auditWindowBlocks,
      };
      log(
        'claim-opened',
        next.claim.id,
        `claim ${next.claim.id} opened; confirms at block ${next.claim.confirmAtBlock}`,
      );
    }
    next.reigning = newHolder;
  }

  let payout: Payout | undefined;
  if (next.claim && step.block >= next.claim.confirmAtBlock && next.claim.hotkey === newHolder) {
    const total = poolBalance(next, config);
    if (total > 0) {
      payout = {
        id: next.claim.id,
        hotkey: next.claim.hotkey,
        block: step.block,
        totalRao: total,
        transfers: splitPayout(total, next.claim, config.championShare),
      };
      log('claim-paid', next.claim.id, `claim ${next.claim.id} confirmed: paying ${total} rao`);
    } else log('claim-empty', next.claim.id, `claim ${next.claim.id} confirmed with an empty pool`);
    next.claim = undefined;
    next.accruedBlocks = 0;
  }
  return { state: next, payout, events };
}
