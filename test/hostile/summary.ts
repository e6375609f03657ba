import { appendFileSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one test file of the hostile suite saw: per attack, whether every trial was contained. */
export interface SuitePart {
  part: 'bench' | 'round';
  /** Attack name -> contained (every task failed by name, or passed with usage flagged; no crash). */
  attacks: Record<string, boolean>;
  /** Peak resident memory of the process that ran the validator, MB (round part only). */
  peakValidatorMb?: number;
}

/** The test run's temporary folder (test/global-setup.ts) is shared by both files of the suite. */
const file = () => join(tmpdir(), 'rodeo-hostile-suite.jsonl');

/**
 * Records this part and prints the suite's one line: `hostile: N attacks tried, N contained, peak validator
 * memory X MB`. Each file prints the line for what has run so far; the file that finishes second prints the
 * combined line (an attack tried in both parts is contained only if contained in both).
 */
export function reportPart(part: SuitePart): string {
  appendFileSync(file(), `${JSON.stringify(part)}\n`);
  const parts = readFileSync(file(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SuitePart);
  const attacks = new Map<string, boolean>();
  for (const p of parts)
    for (const [name, ok] of Object.entries(p.attacks)) attacks.set(name, (attacks.get(name) ?? true) && ok);
  const peak = parts.find((p) => p.peakValidatorMb !== undefined)?.peakValidatorMb;
  const contained = [...attacks.values()].filter(Boolean).length;
  const line =
    `hostile: ${attacks.size} attacks tried, ${contained} contained, peak validator memory ` +
    `${peak === undefined ? 'not measured (round part not run)' : `${peak.toFixed(0)} MB`}`;
  const both = new Set(parts.map((p) => p.part)).size === 2;
  const marker = `${file()}.printed`;
  if (!both || !existsSync(marker)) {
    if (both) {
      try {
        closeSync(openSync(marker, 'wx'));
      } catch {
        return line; // the other file printed it
      }
    }
    console.log(line);
  }
  return line;
}
