import { startDevnet } from '../chain/devnet/index.js';
import { connectChain } from '../chain/index.js';
import { ConfigSchema, createLogger, type Logger } from '../config/index.js';
import { checkSandbox } from '../validator/index.js';
import { dataDir } from './data-dir.js';
import { buildField } from './field.js';
import { roundsSealed, stoppedText, stoppedValidator } from './keep.js';
import { LiveView } from './live-view.js';
import { mainnetTempo, weightsLandedText, weightsSettingsText } from './mainnet-defaults.js';
import { serveField } from './serve-field.js';
import { createDevnetSubnet } from './subnet.js';
import { summarize } from './summary.js';
import { summaryText } from './summary-text.js';
import { superviseDevnet } from './supervisor.js';
import type { DevnetRunOptions, DevnetSummary } from './types.js';
import { startDevnetValidators } from './validators.js';

/**
 * `rodeo devnet`: a whole subnet on this machine. Starts the devnet chain, creates the subnet, registers
 * `validators` validators and a field of simulated miners (each a real `rodeo miner serve` process), commits
 * their submissions, runs validator rounds with a live view, then replays every ledger, compares the weights
 * on chain with each ledger's and, with several validators, measures their consensus. SIGINT/SIGTERM stop
 * everything it started (every validator, miner, the simulator and the chain); a second signal exits at once.
 */
export async function runDevnet(
  o: DevnetRunOptions,
  logger: Logger = createLogger({ level: 'warn', pretty: 'auto' }),
): Promise<DevnetSummary> {
  const count = o.validators ?? 1;
  const dir = dataDir(o.data, count);
  const view = new LiveView(o.json ? process.stderr : process.stdout);
  const say = (text: string) => (o.json ? process.stderr.write(`${text}\n`) : view.note(text));
  const supervisor = superviseDevnet(say);
  const { step, stopped } = supervisor;
  try {
    const devnet = await step(
      startDevnet({
        host: o.chainHost ?? '127.0.0.1',
        port: o.chainPort,
        blockTimeMs: o.blockTimeMs,
        statefulEpochs: o.mainnetDefaults === true,
        logger,
      }),
      (d) => d.close(),
    );
    say(`devnet chain: ${devnet.url} (block every ${o.blockTimeMs} ms)`);
    const chainConfig = ConfigSchema.shape.chain.parse({ endpoint: devnet.url });
    const client = await step(connectChain(chainConfig, logger), (c) => c.close());
    const field = buildField(o.miners, count);
    const tempo = o.mainnetDefaults ? mainnetTempo(o.roundBlocks) : Math.max(2, o.roundBlocks - 1);
    const netuid = await step(
      createDevnetSubnet(client, field, { tempo, mainnetDefaults: o.mainnetDefaults }),
    );
    say(await weightsSettingsText(client, netuid, o.mainnetDefaults === true));
    // each hotkey pays for its ledger anchors
    if (o.anchorEveryRounds)
      await step(
        client.sudoFund(
          field.sudo,
          field.validators.map((v) => v.hotkey.address),
          10n ** 12n,
        ),
      );
    say(
      count === 1
        ? `subnet ${netuid}: validator ${field.validatorHot.address} and ${field.miners.length} miners registered`
        : `subnet ${netuid}: ${count} validators (${field.validators.map((v) => v.hotkey.address).join(', ')}), equally staked, and ${field.miners.length} miners registered`,
    );

    const { simulator, running } = await serveField(step, field, dir, client, netuid);
    say(
      `miners serving: ${running.map((r) => `${r.miner.name} ${r.endpoint}`).join(', ')} (simulated upstreams)`,
    );

    const sandbox = await step(
      checkSandbox(ConfigSchema.parse({})).then(
        () => undefined,
        (err: Error) => err.message,
      ),
    );
    if (sandbox) say(`warning: ${sandbox}; code tasks score 0 for every miner in this devnet`);
    const validators = await startDevnetValidators({
      o,
      step,
      chainUrl: devnet.url,
      chainConfig,
      client,
      field,
      simulator,
      view,
      netuid,
      dir,
      logger,
      say,
    });
    // with --keep the validators go on: the summary comes once the first --rounds rounds are sealed
    await step(
      Promise.all(validators.map((r) => (o.keep ? roundsSealed(r.service, o.rounds) : r.service.done))),
    );
    view.stop();

    const summary = await step(summarize(o, validators, client, running, netuid, devnet.url, tempo));
    for (const r of validators)
      say(await weightsLandedText(r.service.ledger, r.v.index + 1, validators.length));
    if (!o.json) view.note(summaryText(summary, o.keep));
    if (o.keep && !supervisor.signal()) {
      say('--keep: the subnet stays up (validator rounds go on); press Ctrl-C to stop');
      await stopped;
      view.close();
      say(
        stoppedText(
          supervisor.signal() ?? 'SIGINT',
          validators.map((r) => stoppedValidator(r.service, r.v.index + 1)),
          (o.json ? process.stderr : process.stdout).columns || 80,
        ),
      );
    }
    return summary;
  } finally {
    view.close();
    await supervisor.close();
  }
}
