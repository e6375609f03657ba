import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test run gets one temporary folder (TMPDIR, inherited by the test processes and the children they
 * start); it is removed when the run ends, so temp ledgers, configs and sandboxes never pile up.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rodeo-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
