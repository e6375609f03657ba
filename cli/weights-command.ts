import { type Command, InvalidArgumentError } from 'commander';
import { addReadOptions, shortAddress, toJson, withReadClient } from './chain-read.js';
import { printTable } from './table.js';

function uidArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('a uid is an integer 0..65535');
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
    .action(async (opts: { uid?: number; json?: boolean }, cmd: Command) => {
      const rows = await withReadClient(cmd, 'rodeo weights', (client, netuid) =>
        client.weights(netuid, opts.uid),
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
