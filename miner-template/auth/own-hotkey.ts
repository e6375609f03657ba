import { ChainErrors, loadSigner, walletFile } from '../../chain/index.js';
import type { ChainConfig, Logger } from '../../config/index.js';
import { MinerErrors } from '../errors.js';

/** Where this miner can learn its own hotkey, most explicit first. */
export interface OwnHotkeySources {
  /** miner.auth.hotkey */
  configured?: string | undefined;
  /** the hotkey of the wallet the miner serves with (chain.hotkeyUri or chain.wallet.*) */
  wallet?: string | undefined;
  /** miner.submission.hotkey, the hotkey its manifest credits */
  submission?: string | undefined;
}

const LABEL: Record<keyof OwnHotkeySources, string> = {
  configured: 'miner.auth.hotkey',
  wallet: 'the wallet hotkey',
  submission: 'miner.submission.hotkey',
};

/**
 * The hotkey Epistula-Signed-For must name: a validator signs each request for the miner it sends it to,
 * so a request signed for another miner is one relayed by a copycat. The sources must agree when several
 * are set (a miner answering for two hotkeys would accept requests meant for the other one).
 */
export function ownHotkey(sources: OwnHotkeySources): { hotkey: string; from: string } | undefined {
  const known = (Object.keys(LABEL) as (keyof OwnHotkeySources)[])
    .filter((k) => sources[k] !== undefined)
    .map((k) => ({ hotkey: sources[k]!, from: LABEL[k] }));
  const [first] = known;
  const other = known.find((k) => k.hotkey !== first?.hotkey);
  if (first && other)
    throw MinerErrors.AUTH_HOTKEY_CONFLICT(first.from, first.hotkey, other.from, other.hotkey);
  return first;
}

/**
 * The address of the wallet hotkey this miner serves with, or undefined when no wallet is configured
 * (no chain.hotkeyUri and no hotkey file where chain.wallet.* points). A wallet that exists but does not
 * load is an error: it names the file and what is wrong, never the key.
 */
export async function walletHotkey(chain: ChainConfig, logger: Logger): Promise<string | undefined> {
  try {
    return (await loadSigner(chain, 'hotkey')).address;
  } catch (err) {
    if (!ChainErrors.WALLET_NOT_FOUND.is(err)) throw err;
    logger.debug({ file: walletFile(chain, 'hotkey') }, 'no wallet hotkey file');
    return undefined;
  }
}
