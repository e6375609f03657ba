import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ValidatorErrors } from './errors.js';
import { chainAnchor, isHex32 } from './seed-chain.js';

/** The file in validator.dataDir holding the validator's round-seed chain secrets. */
export const SEED_SECRET_FILE = 'round-seeds.secret';

/** Chains kept in the file: the one in use, the one before it (a round may still be revealing) and a newer one. */
const KEEP = 4;

export interface SeedChainSecret {
  anchor: string;
  length: number;
  /** x, 32 bytes. Never logged, never in the ledger. */
  secret: Buffer;
}

export const seedSecretPath = (dataDir: string) => join(dataDir, SEED_SECRET_FILE);

/**
 * The validator's chain secrets, stored like a key: one JSON file, mode 0600, replaced atomically (written to a
 * temporary file, synced, renamed). Errors name the file and what is wrong, never its content.
 */
export class SeedSecrets {
  private constructor(
    readonly file: string,
    private chains: SeedChainSecret[],
  ) {}

  /** Reads the file (absent: no chains yet). A damaged file or one others can read is an error. */
  static load(file: string): SeedSecrets {
    let text: string;
    try {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) throw ValidatorErrors.SEED_SECRET_EXPOSED(file, `0${mode.toString(8)}`);
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new SeedSecrets(file, []);
      if (ValidatorErrors.SEED_SECRET_EXPOSED.is(err)) throw err;
      throw ValidatorErrors.SEED_SECRET_CORRUPT(
        file,
        `cannot be read (${(err as NodeJS.ErrnoException).code})`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw ValidatorErrors.SEED_SECRET_CORRUPT(file, 'it is not JSON');
    }
    const body = parsed as { version?: unknown; chains?: unknown };
    if (typeof parsed !== 'object' || parsed === null || body.version !== 1 || !Array.isArray(body.chains))
      throw ValidatorErrors.SEED_SECRET_CORRUPT(file, 'expected {"version":1,"chains":[...]}');
    const chains = body.chains.map((c: { anchor?: unknown; length?: unknown; secret?: unknown }, i) => {
      const where = `chains[${i}]`;
      if (!isHex32(c?.anchor))
        throw ValidatorErrors.SEED_SECRET_CORRUPT(file, `${where}.anchor is not 32 bytes of hex`);
      if (!Number.isSafeInteger(c.length) || (c.length as number) < 1)
        throw ValidatorErrors.SEED_SECRET_CORRUPT(file, `${where}.length is not a positive integer`);
      if (!isHex32(c.secret))
        throw ValidatorErrors.SEED_SECRET_CORRUPT(file, `${where}.secret is not 32 bytes of hex`);
      const chain = { anchor: c.anchor, length: c.length as number, secret: Buffer.from(c.secret, 'hex') };
      if (chainAnchor(chain.secret, chain.length) !== chain.anchor)
        throw ValidatorErrors.SEED_SECRET_CORRUPT(
          file,
          `${where}.secret does not hash to its anchor ${chain.anchor}`,
        );
      return chain;
    });
    return new SeedSecrets(file, chains);
  }

  get(anchor: string): SeedChainSecret | undefined {
    return this.chains.find((c) => c.anchor === anchor);
  }

  /** Anchors held, oldest first. */
  anchors(): string[] {
    return this.chains.map((c) => c.anchor);
  }

  /** Adds a chain and writes the file before returning (the chain must never be committed without it). */
  add(chain: SeedChainSecret, keep: readonly string[] = []): void {
    const kept = this.chains.filter(
      (c, i) => keep.includes(c.anchor) || i >= this.chains.length - (KEEP - 1),
    );
    this.chains = [...kept, chain];
    this.write();
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const body = JSON.stringify({
      version: 1,
      chains: this.chains.map((c) => ({
        anchor: c.anchor,
        length: c.length,
        secret: c.secret.toString('hex'),
      })),
    });
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
