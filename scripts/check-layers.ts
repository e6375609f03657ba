/**
 * The import rule the house is built on (DESIGN.md "Arrows point one way"): a production file imports
 * another top-level folder only through that folder's public face (its index.ts, or a subfolder's
 * index.ts such as chain/devnet/), only along the allowed arrows below, and never a `testing/` helper.
 * Tests (*.test.ts), `testing/` folders, perf/, test/ and scripts/ are not production and are not checked.
 * Run: `npx tsx scripts/check-layers.ts [ROOT]`; exits 1 and names every offending import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which top-level folders each folder may import (besides itself). */
export const ALLOWED: Record<string, readonly string[]> = {
  config: [],
  protocol: ['config'],
  chain: ['protocol', 'config'],
  ledger: ['protocol', 'config'],
  datasets: ['protocol', 'config'],
  bench: ['datasets', 'protocol', 'config'],
  scoring: ['bench', 'datasets', 'protocol', 'config'],
  validator: ['bench', 'scoring', 'ledger', 'chain', 'datasets', 'protocol', 'config'],
  'miner-template': ['protocol', 'config', 'chain'],
  localnet: [
    'validator',
    'miner-template',
    'bench',
    'scoring',
    'ledger',
    'chain',
    'datasets',
    'protocol',
    'config',
  ],
  cli: [
    'localnet',
    'validator',
    'miner-template',
    'bench',
    'scoring',
    'ledger',
    'chain',
    'datasets',
    'protocol',
    'config',
  ],
};

/** Subfolders that only the local subnet and the CLI may use (never a validator or miner code path). */
const DEV_ONLY = ['chain/devnet'];
const DEV_USERS = new Set(['localnet', 'cli', 'chain']);

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

export interface LayerProblem {
  file: string;
  target: string;
  why: string;
}

function* sourceFiles(dir: string, root: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') yield* sourceFiles(path, root);
    } else if (
      /\.(ts|mts)$/.test(entry.name) &&
      !/\.test\.ts$/.test(entry.name) &&
      entry.name !== 'testing.ts'
    ) {
      yield relative(root, path);
    }
  }
}

/** Every import of a production file that breaks the rule. */
export function checkLayers(root: string): LayerProblem[] {
  const problems: LayerProblem[] = [];
  for (const folder of Object.keys(ALLOWED)) {
    let files: string[];
    try {
      files = [...sourceFiles(join(root, folder), root)];
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      const specs = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)].map((m) => m[1]!);
      for (const spec of specs) {
        const target = relative(root, resolve(root, dirname(file), spec))
          .split(sep)
          .join('/');
        const top = target.split('/')[0]!;
        if (/(^|\/)testing(\/|\.js$)/.test(target)) {
          problems.push({ file, target, why: 'production code imports a test helper (testing/)' });
          continue;
        }
        const dev = DEV_ONLY.find((d) => target.startsWith(`${d}/`));
        if (dev && !DEV_USERS.has(folder)) {
          problems.push({ file, target, why: `${dev} is for the local subnet and tests only` });
          continue;
        }
        if (top === folder) continue;
        if (!(top in ALLOWED)) continue; // package files (package.json) and the like
        if (!ALLOWED[folder]!.includes(top)) {
          problems.push({
            file,
            target,
            why: `${folder}/ may not import ${top}/ (arrows: ${folder} -> ${ALLOWED[folder]!.join(', ') || 'nothing'})`,
          });
          continue;
        }
        if (!/\/index\.js$/.test(target)) {
          problems.push({
            file,
            target,
            why: `import ${top}/ through its face (an index.ts), not an inner file`,
          });
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkLayers(root);
  for (const p of problems) console.error(`${p.file}: imports ${p.target}: ${p.why}`);
  if (problems.length) {
    console.error(
      `check-layers: ${problems.length} import(s) break the arrows in DESIGN.md; fix them or move the code to the layer it belongs to`,
    );
    process.exit(1);
  }
  console.log('check-layers: every production import follows the arrows');
}
