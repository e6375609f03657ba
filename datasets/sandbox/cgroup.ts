import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * A cgroup made for one code run: the jail's init joins it before it starts the code, so every
 * process of the run is in it. It gives a memory limit for the whole run (cgroup v2 memory.max, or the
 * v1 memory controller) and a kill that reaches every member (v2 cgroup.kill, or the v1 member list).
 */
export interface RunCgroup {
  /** cgroup.procs files the jail's init writes itself into ("0" = the writer). */
  procsFiles: string[];
  /** Bytes the whole run may use, or undefined when no memory controller could be used. */
  memoryBytes: number | undefined;
  /** SIGKILL every member. */
  kill(): void;
  /** Removes the cgroup dirs (after the members are gone); false when one is still busy. */
  remove(): boolean;
}

interface Mount {
  point: string;
  root: string;
  fstype: string;
  superOptions: string[];
}

function mounts(): Mount[] {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [left, right] = line.split(' - ');
        const f = left!.split(' ');
        const r = (right ?? '').split(' ');
        return {
          point: f[4]!.replace(/\\040/g, ' '),
          root: f[3]!,
          fstype: r[0] ?? '',
          superOptions: (r[2] ?? '').split(','),
        };
      });
  } catch {
    return [];
  }
}

/** This process's cgroup paths: '' for v2, and each v1 controller name. */
function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const m = /^\d+:([^:]*):(.*)$/.exec(line);
      if (!m) continue;
      if (m[1] === '') own.set('', m[2]!);
      else for (const c of m[1]!.split(',')) own.set(c, m[2]!);
    }
  } catch {
    // not Linux, or no /proc
  }
  return own;
}

/** The directory of this process's cgroup under a mount, when the mount shows it. */
function ownDir(mount: Mount, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const rel =
    mount.root === '/' ? path : path.startsWith(mount.root) ? path.slice(mount.root.length) : undefined;
  if (rel === undefined) return undefined;
  const dir = join(mount.point, rel);
  return existsSync(join(dir, 'cgroup.procs')) ? dir : undefined;
}

/** Moving a process into a child cgroup needs write access to the parent's cgroup.procs. */
function writable(dir: string): boolean {
  try {
    accessSync(join(dir, 'cgroup.procs'), constants.W_OK);
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

let counter = 0;

/**
 * Creates the run's cgroup(s) under this process's own cgroup: a v2 one (kill, and memory when the
 * controller is delegated to it) and, when v2 gives no memory controller, a v1 memory one. Returns
 * undefined when no cgroup is writable (unprivileged, no delegation): the run then relies on the pid
 * namespace for the kill and on per-process rlimits for memory.
 */
export function createRunCgroup(memoryBytes: number): RunCgroup | undefined {
  const all = mounts();
  const own = ownCgroups();
  const name = `rodeo-run-${process.pid}-${++counter}`;
  const made: string[] = [];
  let v2: string | undefined;
  let v1Memory: string | undefined;
  let limit: number | undefined;

  const v2Mount = all.find((m) => m.fstype === 'cgroup2');
  const v2Parent = v2Mount && ownDir(v2Mount, own.get(''));
  if (v2Parent && writable(v2Parent)) {
    const dir = join(v2Parent, name);
    try {
      mkdirSync(dir);
      made.push(dir);
      v2 = dir;
      const controllers = readFileSync(join(dir, 'cgroup.controllers'), 'utf8').split(/\s+/);
      if (controllers.includes('memory') && tryWrite(join(dir, 'memory.max'), String(memoryBytes))) {
        if (existsSync(join(dir, 'memory.swap.max'))) tryWrite(join(dir, 'memory.swap.max'), '0');
        limit = memoryBytes;
      }
    } catch {
      // not ours to create after all
    }
  }
  if (limit === undefined) {
    const v1Mount = all.find((m) => m.fstype === 'cgroup' && m.superOptions.includes('memory'));
    const v1Parent = v1Mount && ownDir(v1Mount, own.get('memory'));
    if (v1Parent && writable(v1Parent)) {
      const dir = join(v1Parent, name);
      try {
        mkdirSync(dir);
        made.push(dir);
        if (tryWrite(join(dir, 'memory.limit_in_bytes'), String(memoryBytes))) {
          // memsw (memory + swap) exists only with swap accounting; without it there is nothing to swap to
          const memsw = join(dir, 'memory.memsw.limit_in_bytes');
          if (existsSync(memsw)) tryWrite(memsw, String(memoryBytes));
          v1Memory = dir;
          limit = memoryBytes;
        }
      } catch {
        // not ours to create after all
      }
    }
  }
  if (!v2 && !v1Memory) {
    for (const dir of made) tryRemove(dir);
    return undefined;
  }
  const members = [v2, v1Memory].filter((d): d is string => d !== undefined);
  return {
    procsFiles: members.map((d) => join(d, 'cgroup.procs')),
    memoryBytes: limit,
    kill() {
      if (v2 && existsSync(join(v2, 'cgroup.kill')) && tryWrite(join(v2, 'cgroup.kill'), '1')) return;
      for (const dir of members) {
        let pids: string[] = [];
        try {
          pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
        } catch {
          continue;
        }
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
    remove() {
      let ok = true;
      for (const dir of made) ok = tryRemove(dir) && ok;
      return ok;
    },
  };
}

function tryRemove(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
