import { open } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { withCause } from '../config/index.js';
import {
  importNdjson,
  LedgerErrors,
  type LedgerInfo,
  openLedger,
  type VerifyResult,
} from '../ledger/index.js';
import { commandLogger, loadCommandConfig } from './context.js';
import { printTable } from './table.js';

function roundArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('a round is an integer >= 0');
  return n;
}

const roundOption = (what: string) => ['--round <n>', what, roundArg] as const;

export function registerLedgerCommand(program: Command): void {
  const ledger = program
    .command('ledger')
    .description(
      'inspect, verify, export and import a validator ledger (see ledger/README.md for the format)',
    );

  ledger
    .command('export')
    .description('write the records as NDJSON on stdout, one line per record exactly as stored')
    .requiredOption('--ledger <dir>', 'ledger directory')
    .option(...roundOption('export only this round (its records and seal)'))
    .action(async (opts: { ledger: string; round?: number }, cmd: Command) => {
      const logger = commandLogger(loadCommandConfig(cmd.optsWithGlobals()), 'ledger');
      const l = await openLedger(opts.ledger, { create: false, logger });
      try {
        const done = await l.exportNdjson(
          process.stdout,
          opts.round === undefined ? {} : { round: opts.round },
        );
        logger.info({ ...done, round: opts.round }, 'ledger exported');
      } finally {
        await l.close();
      }
    });

  ledger
    .command('import')
    .description('check an NDJSON export line by line and load it into a new, empty ledger')
    .requiredOption('--ledger <dir>', 'ledger directory to create (must be empty)')
    .argument('<file>', 'NDJSON export, or - for stdin')
    .action(async (file: string, opts: { ledger: string }, cmd: Command) => {
      const logger = commandLogger(loadCommandConfig(cmd.optsWithGlobals()), 'ledger');
      // Open first, so a missing file is an error here rather than an unhandled stream event later.
      const input =
        file === '-'
          ? process.stdin
          : (
              await open(file).catch((err: Error) => {
                throw withCause(LedgerErrors.IMPORT_UNREADABLE(file, err.message), err);
              })
            ).createReadStream();
      const r = await importNdjson(input, opts.ledger, { logger, source: file === '-' ? 'stdin' : file });
      const partial = r.origin && r.origin.seq > 0 ? ` (partial chain from seq ${r.origin.seq})` : '';
      process.stdout.write(
        `imported ${r.records} records in ${r.rounds} rounds into ${opts.ledger}${partial}\n`,
      );
    });

  ledger
    .command('verify')
    .description('check every hash, link, seal signature and index entry; exit 1 naming the first bad record')
    .requiredOption('--ledger <dir>', 'ledger directory')
    .option(...roundOption('check only this round'))
    .option('--json', 'print the result as JSON')
    .action(async (opts: { ledger: string; round?: number; json?: boolean }, cmd: Command) => {
      const logger = commandLogger(loadCommandConfig(cmd.optsWithGlobals()), 'ledger');
      const l = await openLedger(opts.ledger, { create: false, logger });
      let result: VerifyResult;
      try {
        result = await l.verify({ round: opts.round });
      } finally {
        await l.close();
      }
      process.stdout.write(
        opts.json ? `${JSON.stringify(result, null, 2)}\n` : describeVerify(opts.ledger, result),
      );
      if (!result.ok) process.exitCode = 1;
    });

  ledger
    .command('info')
    .description('rounds, records, bytes and head hash of a ledger')
    .requiredOption('--ledger <dir>', 'ledger directory')
    .option('--json', 'print as JSON')
    .action(async (opts: { ledger: string; json?: boolean }, cmd: Command) => {
      const logger = commandLogger(loadCommandConfig(cmd.optsWithGlobals()), 'ledger');
      const l = await openLedger(opts.ledger, { create: false, logger });
      let info: LedgerInfo;
      try {
        info = await l.info();
      } finally {
        await l.close();
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return;
      }
      printTable(
        ['round', 'seqs', 'records', 'bytes', 'sealed'],
        info.rounds.map((r) => [
          r.round,
          `${r.fromSeq}..${r.toSeq}`,
          r.records,
          r.bytes,
          r.sealed ? 'yes' : 'no',
        ]),
      );
      const origin = info.origin && info.origin.seq > 0 ? `, partial chain from seq ${info.origin.seq}` : '';
      process.stdout.write(
        `${info.records} records in ${info.rounds.length} rounds, ${info.bytes} bytes stored, ${info.diskBytes} on disk${origin}\n` +
          `head: ${info.head ? `seq ${info.head.seq} round ${info.head.round} ${info.head.type} ${info.head.hash}` : 'none (empty)'}\n`,
      );
    });
}

function describeVerify(dir: string, r: VerifyResult): string {
  const scope = `${r.records} records in ${r.rounds} rounds`;
  const unsealed = r.unsealed.length ? `; unsealed rounds: ${r.unsealed.join(', ')}` : '';
  const partial =
    r.origin && r.origin.seq > 0
      ? `; partial chain from seq ${r.origin.seq} (prevHash ${r.origin.prevHash} taken as given)`
      : '';
  if (r.ok) return `ledger ${dir}: OK, ${scope}${unsealed}${partial}\n`;
  const e = r.firstError!;
  const where = [e.round === null ? undefined : `round ${e.round}`, e.type ?? undefined]
    .filter(Boolean)
    .join(', ');
  return `ledger ${dir}: FAILED at record seq ${e.seq}${where ? ` (${where})` : ''}\n  ${e.code}: ${e.reason}\n  (${scope} checked before it)\n`;
}
