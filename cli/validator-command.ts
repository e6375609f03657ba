import { decodeAddress } from '@polkadot/util-crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { type ChainClient, connectChain, loadSigner } from '../chain/index.js';
import { openLedger } from '../ledger/index.js';
import {
  checkSandbox,
  isPoolPayer,
  type ReplayResult,
  replayLedger,
  startValidator,
  ValidatorErrors,
} from '../validator/index.js';
import { commandLogger, loadCommandConfig } from './context.js';
import { packageVersion } from './package-version.js';

const CHAIN_FLAGS = {
  chain: 'chain.endpoint',
  netuid: 'chain.netuid',
  'wallet.name': 'chain.wallet.name',
  'wallet.hotkey': 'chain.wallet.hotkey',
  'wallet.path': 'chain.wallet.path',
  'wallet.passwordFile': 'chain.wallet.passwordFile',
  'wallet.passwordEnv': 'chain.wallet.passwordEnv',
};

export function registerValidatorCommand(program: Command): void {
  const validator = program
    .command('validator')
    .description('run a validator: rounds, weights, prize pool, dashboard');

  validator
    .command('run')
    .description(
      'benchmark every eligible miner each round, set weights, keep the ledger, serve the dashboard',
    )
    .option('--chain <endpoint>', 'finney | test | local | ws(s)://host:port')
    .option('--netuid <n>', 'subnet id')
    .option('--wallet.name <name>', 'wallet name (~/.bittensor/wallets/NAME)')
    .option('--wallet.hotkey <hotkey>', 'hotkey file name')
    .option('--wallet.path <dir>', 'wallets folder')
    .option('--wallet.password-file <file>', 'file holding the password of an encrypted coldkey (payers)')
    .option('--wallet.password-env <name>', 'variable holding the password of an encrypted coldkey')
    .option('--data <dir>', 'ledger and state folder (validator.dataDir)')
    .option('--api-host <host>', 'dashboard/API address (validator.api.host)')
    .option('--api-port <port>', 'dashboard/API port (validator.api.port)')
    .option('--rounds <n>', 'stop after this many rounds (default: run until stopped)', roundsArg)
    .option('--dry-run', 'do everything but set weights (validator.setWeights=false)')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), {
        ...CHAIN_FLAGS,
        data: 'validator.dataDir',
        apiHost: 'validator.api.host',
        apiPort: 'validator.api.port',
      });
      if (opts.dryRun) config.validator.setWeights = false;
      const netuid = config.chain.netuid;
      if (netuid === undefined) throw ValidatorErrors.NO_NETUID();
      const logger = commandLogger(config, 'validator');
      await checkSandbox(config, logger);
      const hotkey = await loadSigner(config.chain, 'hotkey');
      const coldkey = isPoolPayer(config) ? await loadSigner(config.chain, 'coldkey') : undefined;
      const chain = await connectChain(config.chain, logger);
      const service = await startValidator({
        config,
        netuid,
        chain,
        hotkey,
        coldkey,
        logger,
        version: packageVersion(),
        ...(opts.rounds !== undefined ? { maxRounds: opts.rounds as number } : {}),
      });
      process.stderr.write(`dashboard: ${service.api.url}\nledger: ${service.ledger.dir}\n`);
      const stop = () => void service.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await service.done;
      await service.close();
      await chain.close();
    });

  program
    .command('replay')
    .description(
      'verify a ledger: hash chain, seals and their signer, every score recomputed from the raw records, every round seed and its tasks from the revealed secret; with --chain, the ledger against the heads the validator anchored on chain and the seed-chain anchors it committed',
    )
    .requiredOption('--ledger <dir>', 'ledger folder (e.g. ./data/ledger)')
    .option(
      '--signer <ss58>',
      'the validator hotkey the ledger must belong to: every start record must name it and every seal be signed by it',
      ss58Arg,
    )
    .option(
      '--chain <endpoint>',
      "check the validator's ledger anchors on this chain (finney | test | local | ws(s)://host:port): detects missing rounds and rewritten anchored heads",
    )
    .option(
      '--from-block <n>',
      'with --chain: scan for anchors from this block instead of the last anchor the ledger records',
      blockArg,
    )
    .option(
      '--private-tasks <file>',
      "the operator's private task file the rounds drew from (validator.privateTaskFile), checked against the sha256 each round recorded; repeat it once per version of the file (default: validator.privateTaskFile)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--workers <n>',
      'score rounds on n worker threads while the ledger is read (for hosts with cores to spare; the result is the same)',
      workersArg,
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (
        opts: {
          ledger: string;
          workers?: number;
          signer?: string;
          chain?: string;
          fromBlock?: number;
          privateTasks?: string[];
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const config = loadCommandConfig(cmd.optsWithGlobals(), { chain: 'chain.endpoint' });
        const logger = commandLogger(config, 'replay');
        const ledger = await openLedger(opts.ledger, { create: false });
        let chain: ChainClient | undefined;
        try {
          if (opts.chain) chain = await connectChain(config.chain, logger);
          const result = await replayLedger(ledger, {
            ...(opts.signer ? { signer: opts.signer } : {}),
            ...(opts.workers ? { workers: opts.workers } : {}),
            // the flag, else the file this node's own config names
            privateTasks:
              opts.privateTasks ??
              (config.validator.privateTaskFile ? [config.validator.privateTaskFile] : []),
            ...(chain
              ? {
                  anchors: {
                    chain,
                    scanBlocks: config.validator.anchorScanBlocks,
                    ...(opts.fromBlock === undefined ? {} : { fromBlock: opts.fromBlock }),
                  },
                  seeds: { chain },
                }
              : {}),
          });
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else process.stdout.write(describeReplay(result, chain !== undefined));
          if (!result.ok) process.exitCode = 1;
        } finally {
          await ledger.close();
          await chain?.close();
        }
      },
    );
}

function ss58Arg(value: string): string {
  try {
    decodeAddress(value);
    return value;
  } catch {
    throw new InvalidArgumentError('expected an ss58 address (the validator hotkey, e.g. 5F...)');
  }
}

function roundsArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('a number of rounds is an integer >= 1');
  return n;
}

function workersArg(value: string): number {
  const n = Number(value);
  if (!/^\d{1,3}$/.test(value) || n > 256)
    throw new InvalidArgumentError(
      'a number of worker threads, 0 to 256 (0: none; about one per spare core)',
    );
  return n;
}

function blockArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('a block number is an integer >= 0');
  return n;
}

function describeReplay(r: ReplayResult, withChain: boolean): string {
  const lines: string[] = [];
  if (r.validator) lines.push(`ledger of validator ${r.validator}`);
  if (r.ok)
    lines.push(
      `replay verified: ${r.records} records, ${r.rounds} rounds, ${r.replayedRounds} rounds recomputed and equal (${(r.ms / 1000).toFixed(1)} s)`,
    );
  else {
    const f = r.failure!;
    lines.push(
      `replay FAILED at record #${f.seq}${f.round === null ? '' : ` (round ${f.round}`}${f.type ? `, ${f.type})` : ')'}: ${f.code}: ${f.message}`,
    );
  }
  const s = r.seeds;
  if (s.checked > 0 || s.anchors > 0)
    lines.push(
      `round seeds: ${s.checked} rounds' revealed secrets, seeds and tasks checked against their chain anchors${s.anchorsOnChain === undefined ? ' recorded in the ledger (pass --chain to read them on chain)' : `; ${s.anchorsOnChain} of ${s.anchors} anchors read from the validator's commitments on chain`}`,
    );
  if (s.unseeded > 0)
    lines.push(`  ${s.unseeded} rounds were seeded from the block hash alone (written before secret seeds)`);
  const a = r.anchors;
  if (a) {
    const latest = a.latest
      ? `; latest anchored round ${a.latest.round} (seal #${a.latest.seq}, block ${a.latest.block})`
      : '';
    lines.push(
      `anchors: ${a.recorded} recorded in the ledger and found on chain, ${a.found} found scanning blocks ${a.scanned.from}..${a.scanned.to}${latest}`,
    );
    if (a.scanned.to < a.scanned.head)
      lines.push(
        `  blocks ${a.scanned.to + 1}..${a.scanned.head} were not scanned: raise validator.anchorScanBlocks or pass --from-block`,
      );
    if (!a.latest)
      lines.push('  no anchor by this validator was found: a ledger cut short could not be detected');
  } else if (withChain && r.ok) lines.push('anchors: not checked (the ledger names no validator)');
  return `${lines.join('\n')}\n`;
}
