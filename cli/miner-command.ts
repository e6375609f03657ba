import type { Command } from 'commander';
import { type ChainClient, connectChain, loadSigner, type Signer, versionAsInt } from '../chain/index.js';
import { type Config, defaultConfig, type Logger } from '../config/index.js';
import {
  buildManifest,
  MinerErrors,
  serveUntilSignal,
  walletHotkey,
  watchValidatorPermits,
} from '../miner-template/index.js';
import { canonicalManifest, type Manifest, manifestSha256 } from '../protocol/index.js';
import { commandLogger, loadCommandConfig } from './context.js';
import { packageVersion } from './package-version.js';

const SERVE_FLAGS = {
  port: 'miner.port',
  host: 'miner.host',
  upstream: 'miner.upstream.baseUrl',
  model: 'miner.upstream.model',
  apiKey: 'miner.upstream.apiKey',
  pacer: 'miner.pacer.mode',
};

const MANIFEST_FLAGS = {
  name: 'miner.submission.name',
  image: 'miner.submission.image',
  sourceUrl: 'miner.submission.sourceUrl',
  sourceCommit: 'miner.submission.sourceCommit',
  license: 'miner.submission.license',
  endpoint: 'miner.submission.endpoint',
  hotkey: 'miner.submission.hotkey',
  description: 'miner.submission.description',
};

const CHAIN_FLAGS = {
  chain: 'chain.endpoint',
  netuid: 'chain.netuid',
  'wallet.name': 'chain.wallet.name',
  'wallet.hotkey': 'chain.wallet.hotkey',
};

function addChainOptions(cmd: Command): Command {
  return cmd
    .option('--chain <endpoint>', 'finney | test | local | ws(s)://host:port (chain.endpoint)')
    .option('--netuid <n>', 'subnet id (chain.netuid)')
    .option('--wallet.name <name>', 'wallet name (chain.wallet.name)')
    .option('--wallet.hotkey <name>', 'hotkey file (chain.wallet.hotkey); or RODEO_CHAIN_HOTKEY_URI');
}

/** Connects, loads the miner hotkey and runs `fn`; the connection is closed afterwards. */
async function withChain<T>(
  config: Config,
  logger: Logger,
  fn: (client: ChainClient, hotkey: Signer, netuid: number) => Promise<T>,
): Promise<T> {
  const netuid = config.chain.netuid;
  if (netuid === undefined) throw MinerErrors.NETUID_MISSING();
  const hotkey = await loadSigner(config.chain, 'hotkey');
  const client = await connectChain(config.chain, logger);
  try {
    return await fn(client, hotkey, netuid);
  } finally {
    await client.close();
  }
}

/** --api-key-env NAME: the upstream key is read from that variable instead of miner.upstream.apiKey. */
function withApiKeyFromEnv(opts: Record<string, unknown>): Record<string, unknown> {
  const name = opts.apiKeyEnv as string | undefined;
  if (name === undefined) return opts;
  const value = process.env[name];
  if (!value) throw MinerErrors.API_KEY_ENV_EMPTY(name);
  return { ...opts, apiKey: value };
}

function addManifestOptions(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'implementation name (miner.submission.name)')
    .option('--image <ref>', 'image pinned by digest, repo[:tag]@sha256:<hex> (miner.submission.image)')
    .option('--source-url <url>', 'public source repository (miner.submission.sourceUrl)')
    .option('--source-commit <sha>', 'commit the image was built from (miner.submission.sourceCommit)')
    .option('--license <spdx>', 'OSI license id (miner.submission.license)')
    .option('--endpoint <url>', 'public URL of the miner (miner.submission.endpoint)')
    .option('--hotkey <ss58>', 'miner hotkey credited (miner.submission.hotkey)')
    .option('--description <text>', '100-500 characters (miner.submission.description)');
}

/** The manifest from config and flags, with its canonical text and sha256. */
export function manifestFromConfig(config: Config): { manifest: Manifest; text: string; sha256: string } {
  const manifest = buildManifest(config.miner.submission);
  return { manifest, text: canonicalManifest(manifest), sha256: manifestSha256(manifest) };
}

export function registerMinerCommand(program: Command): void {
  const miner = program
    .command('miner')
    .description('run the OpenAI-compatible miner template and publish its submission');

  addChainOptions(
    miner
      .command('serve')
      .description('serve POST /v1/chat/completions, /v1/models, /health and /v1/submission (Ctrl-C stops)'),
  )
    .option('--port <port>', `listen port (miner.port, default ${defaultConfig().miner.port})`)
    .option(
      '--host <host>',
      `listen address (miner.host, default ${defaultConfig().miner.host}: this machine only; 0.0.0.0 for validators to reach it)`,
    )
    .option('--upstream <url>', 'OpenAI-compatible upstream base URL (miner.upstream.baseUrl)')
    .option('--model <model>', 'upstream model (miner.upstream.model)')
    .option('--api-key-env <name>', 'read the upstream API key from this environment variable')
    .option('--pacer <mode>', 'paced | passthrough (miner.pacer.mode)')
    .action(async (_opts, cmd: Command) => {
      const config = loadCommandConfig(withApiKeyFromEnv(cmd.optsWithGlobals()), {
        ...SERVE_FLAGS,
        ...CHAIN_FLAGS,
      });
      const logger = commandLogger(config, 'miner');
      const { auth } = config.miner;
      // with auth on, requests must be signed for this miner's hotkey: the wallet's it serves with
      const hotkey = auth.enabled ? await walletHotkey(config.chain, logger) : undefined;
      const own = hotkey ? { hotkey } : {};
      if (!(auth.enabled && auth.validatorsFromChain)) {
        await serveUntilSignal(config.miner, { logger, ...own });
        return;
      }
      // Validators are the metagraph's permit holders (plus miner.auth.validatorHotkeys), refreshed periodically.
      const netuid = config.chain.netuid;
      if (netuid === undefined) throw MinerErrors.NETUID_MISSING();
      const client = await connectChain(config.chain, logger);
      try {
        const permits = await watchValidatorPermits(() => client.metagraph(netuid), auth.refreshMs, logger);
        await serveUntilSignal(config.miner, { logger, ...own, isValidator: permits.isValidator }).finally(
          permits.close,
        );
      } finally {
        await client.close();
      }
    });

  addChainOptions(
    addManifestOptions(
      miner
        .command('commit')
        .description('commit sha256(canonical manifest) on chain (Commitments.set_commitment, Sha256 field)'),
    ),
  )
    .option('--with-endpoint', 'also commit the endpoint as a Raw field (needs a runtime allowing 2 fields)')
    .action(async (opts: { withEndpoint?: boolean }, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), { ...MANIFEST_FLAGS, ...CHAIN_FLAGS });
      const { manifest, sha256 } = manifestFromConfig(config);
      const result = await withChain(config, commandLogger(config, 'miner'), (client, hotkey, netuid) => {
        if (manifest.hotkey && manifest.hotkey !== hotkey.address) {
          throw MinerErrors.HOTKEY_MISMATCH(manifest.hotkey, hotkey.address);
        }
        const fields = [
          { sha256: `0x${sha256}` },
          ...(opts.withEndpoint ? [{ raw: manifest.endpoint }] : []),
        ];
        return client.setCommitment(hotkey, netuid, fields);
      });
      process.stdout.write(
        `${JSON.stringify({ sha256, block: result.blockNumber, blockHash: result.blockHash, txHash: result.txHash })}\n`,
      );
    });

  addChainOptions(
    miner
      .command('serve-axon')
      .description('publish the miner IP and port on chain (SubtensorModule.serve_axon)'),
  )
    .requiredOption('--ip <ip>', 'public IPv4 or IPv6 address (not loopback)')
    .option('--port <port>', 'public port (default miner.port)')
    .action(async (opts: { ip: string }, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), { ...CHAIN_FLAGS, port: 'miner.port' });
      const version = versionAsInt(packageVersion());
      const result = await withChain(config, commandLogger(config, 'miner'), (client, hotkey, netuid) =>
        client.serveAxon(hotkey, { netuid, ip: opts.ip, port: config.miner.port, version, protocol: 4 }),
      );
      process.stdout.write(
        `${JSON.stringify({ ip: opts.ip, port: config.miner.port, block: result.blockNumber, txHash: result.txHash })}\n`,
      );
    });

  addManifestOptions(
    miner
      .command('manifest')
      .description('print the canonical submission manifest and its sha256 (the on-chain commitment)'),
  )
    .option('--json', 'print {"manifest", "canonical", "sha256"} as one JSON object')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const config = loadCommandConfig(cmd.optsWithGlobals(), MANIFEST_FLAGS);
      const { manifest, text, sha256 } = manifestFromConfig(config);
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ manifest, canonical: text, sha256 }, null, 2)}\n`
          : `${text}\nsha256 ${sha256}\n`,
      );
    });
}
