import type { Command } from 'commander';
import type { Config } from '../config/index.js';
import {
  buildManifest,
  canonicalManifest,
  type Manifest,
  MinerErrors,
  manifestSha256,
  serveUntilSignal,
} from '../miner-template/index.js';
import { commandLogger, loadCommandConfig } from './context.js';

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

  miner
    .command('serve')
    .description('serve POST /v1/chat/completions, /v1/models, /health and /v1/submission (Ctrl-C stops)')
    .option('--port <port>', 'listen port (miner.port, default 8080)')
    .option('--host <host>', 'listen address (miner.host)')
    .option('--upstream <url>', 'OpenAI-compatible upstream base URL (miner.upstream.baseUrl)')
    .option('--model <model>', 'upstream model (miner.upstream.model)')
    .option('--api-key-env <name>', 'read the upstream API key from this environment variable')
    .option('--pacer <mode>', 'paced | passthrough (miner.pacer.mode)')
    .action(async (_opts, cmd: Command) => {
      const config = loadCommandConfig(withApiKeyFromEnv(cmd.optsWithGlobals()), SERVE_FLAGS);
      await serveUntilSignal(config.miner, { logger: commandLogger(config, 'miner') });
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
