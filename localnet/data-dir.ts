import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalnetErrors } from './errors.js';

/** Validator i's data dir (ledger, secret seed chain): the devnet folder itself with one validator. */
export const validatorDir = (dir: string, index: number, count: number) =>
  count === 1 ? dir : join(dir, `validator-${index + 1}`);

/** The devnet's folder: a new temp dir, or `requested` when none of its ledgers holds records. */
export function dataDir(requested: string | undefined, validators: number): string {
  if (!requested) return mkdtempSync(join(tmpdir(), 'rodeo-devnet-'));
  const dir = resolve(requested);
  for (const ledger of [
    join(dir, 'ledger'),
    ...Array.from({ length: validators }, (_, i) => join(validatorDir(dir, i, validators), 'ledger')),
  ]) {
    if (existsSync(ledger) && readdirSync(ledger).length > 0) {
      throw LocalnetErrors.DATA_NOT_EMPTY(dir, ledger);
    }
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
