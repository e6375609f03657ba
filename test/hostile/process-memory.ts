import { readFileSync } from 'node:fs';

/** VmHWM (peak resident set) of a process, in kB; undefined once it is gone or off Linux. */
export function peakKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
