/**
 * Writes datasets/suites/public/{train,dev}/*.jsonl from the authoring modules:
 *   npx tsx datasets/authoring/write.ts
 * A test checks the committed files equal this output, so the two never drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUTHORED, toJsonl } from './index.js';

for (const [split, files] of Object.entries(AUTHORED)) {
  const dir = fileURLToPath(new URL(`../suites/public/${split}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) {
    writeFileSync(`${dir}${name}.jsonl`, toJsonl(lines));
    process.stdout.write(`public/${split}/${name}.jsonl: ${lines.length} tasks\n`);
  }
}
