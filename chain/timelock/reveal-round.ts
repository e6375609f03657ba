import { SECURITY_BLOCK_OFFSET } from './constants.js';
import { TimelockErrors as E } from './errors.js';
import type { RevealSchedule, RevealScheduleInput } from './types.js';

/**
 * The drand round to encrypt a commit to, as bittensor-drand's `generate_commit` picks it: the pulse must
 * be on chain by `securityBlockOffset` blocks into the reveal epoch (the runtime reveals commits of epoch
 * e - RevealPeriodEpochs at the start of epoch e, retrying every block of that epoch while the pulse is
 * missing), and the round is rounded down so the chain never waits for a pulse that is not yet out.
 *
 *   epoch(b)          = floor((b + netuid + 1) / (tempo + 1))            (legacy grid, unless firstRevealBlock)
 *   firstRevealBlock  = (epoch(current) + revealPeriodEpochs) · (tempo + 1) − (netuid + 1)
 *   targetBlock       = firstRevealBlock + securityBlockOffset
 *   revealRound       = max(1, floor((now + (targetBlock − current) · blockTime − genesis) / period))
 */
export function revealRoundFor(input: RevealScheduleInput): RevealSchedule {
  const { currentBlock, netuid, tempo, revealPeriodEpochs, blockTimeSeconds, nowSeconds, drand } = input;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw E.BAD_REVEAL_SCHEDULE(what);
  };
  check(Number.isSafeInteger(currentBlock) && currentBlock >= 0, `currentBlock ${currentBlock}`);
  check(Number.isSafeInteger(netuid) && netuid >= 0 && netuid <= 0xffff, `netuid ${netuid}`);
  check(Number.isSafeInteger(tempo) && tempo > 0, `tempo ${tempo} (must be > 0)`);
  check(
    Number.isSafeInteger(revealPeriodEpochs) && revealPeriodEpochs >= 0,
    `revealPeriodEpochs ${revealPeriodEpochs}`,
  );
  check(Number.isFinite(blockTimeSeconds) && blockTimeSeconds > 0, `blockTimeSeconds ${blockTimeSeconds}`);
  check(Number.isFinite(nowSeconds) && nowSeconds >= 0, `nowSeconds ${nowSeconds}`);
  check(
    Number.isFinite(drand.genesisTime) && drand.genesisTime >= 0,
    `drand genesisTime ${drand.genesisTime}`,
  );
  check(Number.isFinite(drand.period) && drand.period > 0, `drand period ${drand.period}`);
  const offset = input.securityBlockOffset ?? SECURITY_BLOCK_OFFSET;
  check(Number.isSafeInteger(offset) && offset >= 0, `securityBlockOffset ${offset}`);

  let firstRevealBlock: number;
  let revealEpoch: number | undefined;
  if (input.firstRevealBlock !== undefined) {
    check(
      Number.isSafeInteger(input.firstRevealBlock) && input.firstRevealBlock >= 0,
      `firstRevealBlock ${input.firstRevealBlock}`,
    );
    firstRevealBlock = input.firstRevealBlock;
  } else {
    const tempoPlusOne = tempo + 1;
    const netuidPlusOne = netuid + 1;
    revealEpoch = Math.floor((currentBlock + netuidPlusOne) / tempoPlusOne) + revealPeriodEpochs;
    firstRevealBlock = Math.max(0, revealEpoch * tempoPlusOne - netuidPlusOne);
  }
  const targetBlock = firstRevealBlock + offset;
  const secondsUntil = Math.max(0, targetBlock - currentBlock) * blockTimeSeconds;
  const revealRound = Math.max(1, Math.floor((nowSeconds + secondsUntil - drand.genesisTime) / drand.period));
  return { revealRound, firstRevealBlock, targetBlock, revealEpoch };
}

/** The latest drand round published at `unixSeconds` (round 1 at genesis), 0 before genesis. */
export function drandRoundAt(unixSeconds: number, drand: RevealScheduleInput['drand']): number {
  if (unixSeconds < drand.genesisTime) return 0;
  return Math.floor((unixSeconds - drand.genesisTime) / drand.period) + 1;
}
