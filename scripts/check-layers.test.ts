import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers } from './check-layers.js';

const root = mkdtempSync(join(tmpdir(), 'rodeo-layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('check-layers', () => {
  it('names each import that breaks the arrows, skips tests and test helpers', () => {
    file('config/index.ts', 'export const x = 1;\n');
    file('protocol/index.ts', "import { x } from '../config/index.js';\nexport const y = x;\n");
    file('datasets/index.ts', "export { y } from '../protocol/index.js';\n");
    // the miner template may not read datasets (answer keys), nor a test helper, nor an inner file
    file(
      'miner-template/app.ts',
      [
        "import { y } from '../datasets/index.js';",
        "import { s } from './testing/scripts.js';",
        "import { x } from '../config/schema.js';",
        "import { z } from '../protocol/index.js';",
        "const lazy = () => import('../bench/index.js');",
      ].join('\n'),
    );
    file('validator/run.ts', "import { startDevnet } from '../chain/devnet/index.js';\n");
    file('validator/http/index.ts', "export * as apiTesting from './testing.js';\n");
    file('validator/http/testing.ts', "import { a } from '../../bench/testing/index.js';\n");
    file('validator/run.test.ts', "import { a } from '../cli/index.js';\n");
    file('cli/devnet.ts', "import { startDevnet } from '../chain/devnet/index.js';\n");
    const problems = checkLayers(root).map((p) => `${p.file} -> ${p.target}`);
    expect(problems.sort()).toEqual(
      [
        'miner-template/app.ts -> datasets/index.js',
        'miner-template/app.ts -> miner-template/testing/scripts.js',
        'miner-template/app.ts -> config/schema.js',
        'miner-template/app.ts -> bench/index.js',
        'validator/run.ts -> chain/devnet/index.js',
        'validator/http/index.ts -> validator/http/testing.js',
      ].sort(),
    );
  });
});
