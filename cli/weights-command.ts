import { type Command, InvalidArgumentError } from 'commander';
import { addReadOptions, shortAddress, toJson, withReadClient } from './chain-read.js';
import { printTable } from './table.js';

function uidArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('a uid is an integer 0..65535');
  return Number(value);
}

function mechanismArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 15)
    throw new InvalidArgumentError('a mechanism id is an integer 0..15 (0 is the main mechanism)');
  return Number(value);
}

export function registerWeightsCommand(program: Command): void {
  addReadOptions(
    program
      .command('weights')
      .description(
        'show the weight rows validators have set on a subnet: uid/hotkey -> weight (normalized and raw u16)',
      ),
  )
    .option('--uid <uid>', 'only the row set by this validator uid', uidArg)
    .option(
      '--mechanism <id>',
      'the subnet mechanism whose weights to show (storage index netuid + id × 4096; 0, the main one, by default)',
      mechanismArg,
    )
    .action(async (opts: { uid?: number; mechanism?: number; json?: boolean }, cmd: Command) => {
      const rows = await withReadClient(cmd, 'rodeo weights', (client, netuid) =>
        client.weights(netuid, opts.uid, opts.mechanism ?? 0),
      );
      if (opts.json) {
        process.stdout.write(`${toJson(rows)}\n`);
        return;
      }
      printTable(
        ['validator uid', 'validator hotkey', 'uid', 'weight', 'raw u16'],
        rows.flatMap((row) =>
          row.weights.map((w) => [
            row.uid,
            shortAddress(row.hotkey),
            w.uid,
            w.normalized.toFixed(6),
            w.value,
          ]),
        ),
      );
    });
}
