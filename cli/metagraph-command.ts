import type { Command } from 'commander';
import type { Neuron } from '../chain/index.js';
import { addReadOptions, shortAddress, toJson, withReadClient } from './chain-read.js';
import { printTable } from './table.js';

const RAO_PER_TAO = 1_000_000_000n;

/** rao -> TAO with 4 decimals, exactly (no float rounding of large stakes). */
function tao(rao: bigint): string {
  const tenThousandths = (rao * 10_000n) / RAO_PER_TAO;
  return `${tenThousandths / 10_000n}.${(tenThousandths % 10_000n).toString().padStart(4, '0')}`;
}

const axonText = (n: Neuron) =>
  n.axon ? (n.axon.ipType === 6 ? `[${n.axon.ip}]:${n.axon.port}` : `${n.axon.ip}:${n.axon.port}`) : '';

export function registerMetagraphCommand(program: Command): void {
  addReadOptions(
    program
      .command('metagraph')
      .description(
        'show the neurons of a subnet: uid, hotkey, coldkey, stake, permit, axon, last update, incentive ...',
      ),
  ).action(async (opts: { json?: boolean }, cmd: Command) => {
    const graph = await withReadClient(cmd, 'rodeo metagraph', (client, netuid) => client.metagraph(netuid));
    if (opts.json) {
      process.stdout.write(`${toJson(graph)}\n`);
      return;
    }
    process.stdout.write(`netuid ${graph.netuid}, block ${graph.block}, ${graph.neurons.length} neurons\n`);
    printTable(
      [
        'uid',
        'hotkey',
        'coldkey',
        'stake (TAO)',
        'permit',
        'active',
        'axon',
        'last update',
        'incentive',
        'dividends',
        'emission',
      ],
      graph.neurons.map((n) => [
        n.uid,
        shortAddress(n.hotkey),
        shortAddress(n.coldkey),
        tao(n.stake),
        n.validatorPermit ? 'yes' : '',
        n.active ? 'yes' : '',
        axonText(n),
        n.lastUpdate,
        n.incentive.toFixed(4),
        n.dividends.toFixed(4),
        n.emission.toString(),
      ]),
    );
  });
}
