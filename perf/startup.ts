/**
 * Start-up time of the `rodeo` command: the compiled build (dist/) beside the TypeScript sources through tsx
 * (RODEO_FROM_SOURCE=1), for `rodeo --version` and `rodeo --help` (which loads every command). Builds dist/
 * first when it is absent or older than the sources (unless --no-build). Prints the median and the fastest of
 * --runs runs per path, and `node -e 0` as the floor.
 *
 *   node --import tsx perf/startup.ts [--runs 7] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, 'no-build': { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));

const distState = () =>
  spawnSync(
    process.execPath,
    ['--input-type=module', '-e', "import { distState } from './bin/dist.mjs'; console.log(distState())"],
    { cwd: ROOT, encoding: 'utf8' },
  ).stdout.trim();

function time(argv: string[], env: NodeJS.ProcessEnv): number[] {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    ms.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return ms.sort((a, b) => a - b);
}
const fmt = (ms: number[]) =>
  `median ${(ms[Math.floor(ms.length / 2)]! / 1000).toFixed(2)} s, fastest ${(ms[0]! / 1000).toFixed(2)} s`;

if (distState() !== 'fresh' && !args['no-build']) {
  process.stdout.write('dist/ is absent or older than the sources: building it (npm run build)\n');
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}
const env = { ...process.env };
delete env.RODEO_FROM_SOURCE;
const fromSource = { ...env, RODEO_FROM_SOURCE: '1' };

process.stdout.write(`rodeo start-up, ${RUNS} runs each (node ${process.version})\n`);
process.stdout.write(`  node -e 0 (the floor)          ${fmt(time(['-e', '0'], env))}\n`);
for (const command of [['--version'], ['--help']]) {
  const before = distState();
  const compiled = time([BIN, ...command], env);
  const after = distState();
  const sources = time([BIN, ...command], fromSource);
  const label = `rodeo ${command.join(' ')}`.padEnd(16);
  const note =
    before === 'fresh' && after === 'fresh' ? '' : ` (dist/ was ${before}, then ${after}: not the build)`;
  process.stdout.write(`  ${label} compiled (dist/)  ${fmt(compiled)}${note}\n`);
  process.stdout.write(`  ${label} sources (tsx)     ${fmt(sources)}\n`);
}
