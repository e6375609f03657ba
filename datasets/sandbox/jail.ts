import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatasetsConfig } from '../../config/index.js';
import { DatasetErrors } from '../errors.js';

type SandboxConfig = DatasetsConfig['sandbox'];

/**
 * Moves the shell into each cgroup given ("0" = the writer): $1 how many, then the cgroup.procs files.
 * Shared by both scripts below; a failed join fails the run (exit 125) rather than run without the limit.
 */
const JOIN_CGROUPS = `n="$1"; shift
while [ "$n" -gt 0 ]; do echo 0 > "$1" || { echo "rodeo-jail: cannot join cgroup $1" >&2; exit 125; }; shift; n=$((n-1)); done
`;

/**
 * Runs as pid 1 of new mount/net/pid (and, when not root, user) namespaces and stays there as the
 * reaper: it builds a root of read-only system dirs, the interpreter's own files, a read-only /code,
 * size-limited tmpfs /work and /tmp and four device nodes, starts the command chrooted into it and
 * waits. It keeps the parent-death signal `unshare --kill-child` gave it (it never changes
 * credentials), so when the validator kills unshare at the deadline this shell dies, and with the
 * namespace's init every process of the run dies, whatever session or group it moved to. It also
 * exits (and so kills what is left) as soon as the command itself exits. No /proc is mounted.
 *   $1 root mount point, $2 host dir with the run's files, $3 tmpfs size (MiB),
 *   then: cgroups (count, files), binds (count, paths), links (count, path target pairs), command.
 */
const JAIL_SCRIPT = `set -eu
R="$1"; CODE="$2"; MB="$3"; shift 3
${JOIN_CGROUPS}mount -t tmpfs -o size=4m,mode=0755 rodeo-root "$R"
mkdir -p "$R/code" "$R/work" "$R/tmp" "$R/dev"
mount -t tmpfs -o "size=\${MB}m,mode=0777,nosuid,nodev" rodeo-work "$R/work"
mount -t tmpfs -o "size=\${MB}m,mode=1777,nosuid,nodev" rodeo-tmp "$R/tmp"
# after /work and /tmp, so an interpreter installed under either is not hidden by them
n="$1"; shift
while [ "$n" -gt 0 ]; do
  d="$1"; shift; n=$((n-1))
  if [ -d "$d" ]; then mkdir -p "$R$d"; else mkdir -p "$R$(dirname "$d")"; : > "$R$d"; fi
  mount --rbind "$d" "$R$d"
  mount -o remount,bind,ro,nosuid,nodev "$R$d"
done
n="$1"; shift
while [ "$n" -gt 0 ]; do mkdir -p "$R$(dirname "$1")"; ln -s "$2" "$R$1"; shift 2; n=$((n-1)); done
mount --bind "$CODE" "$R/code"
mount -o remount,bind,ro,nosuid,nodev "$R/code"
for f in null zero random urandom; do : > "$R/dev/$f"; mount --bind "/dev/$f" "$R/dev/$f"; done
mount -o remount,bind,ro "$R"
set +e
chroot "$R" "$@" &
wait $!
exit $?
`;

/** isolation 'none': join the cgroups (so the kill and the memory limit still hold), then the command. */
const NONE_SCRIPT = `${JOIN_CGROUPS}exec "$@"
`;

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export interface Interpreter {
  /** Absolute path of the real binary (shims and symlinks resolved). */
  path: string;
  /** Files and dirs outside the system dirs it needs (real paths): the binary, its stdlib, its shared libraries. */
  binds: string[];
  /** Symlinks to recreate in the jail: [path the loader asks for, real path]. */
  links: [string, string][];
}

const under = (p: string, dir: string) => p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
const underSystem = (p: string) => SYSTEM_DIRS.some((d) => under(p, d));

function which(bin: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin'])
    if (existsSync(`${dir}/${bin}`)) return `${dir}/${bin}`;
  return undefined;
}

const PROBE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' };

/** Shared libraries the dynamic loader finds for these binaries: [path as resolved by the loader]. */
function sharedLibraries(files: string[]): string[] {
  const ldd = which('ldd');
  if (!ldd || files.length === 0) return [];
  let out = '';
  try {
    out = execFileSync(ldd, files, { timeout: 10_000, encoding: 'utf8', env: PROBE_ENV });
  } catch (err) {
    // ldd exits non-zero when one file is not dynamic; what it printed still counts
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  const libs = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.add(m[1]!);
  }
  return [...libs];
}

/**
 * What to bind for an interpreter: its real binary, the dirs it loads code from, and the shared
 * libraries they link, each at its real path, plus a symlink where the loader asks by another path.
 * Nothing under the system dirs (those are bound whole), nothing else of the host.
 */
function interpreterFiles(exe: string, codeDirs: string[]): Interpreter {
  const path = realpathSync(exe);
  const dirs = codeDirs.filter((d) => existsSync(d)).map((d) => realpathSync(d));
  const objects = [path];
  for (const d of dirs) {
    if (!statSync(d).isDirectory()) continue;
    const dynload = join(d, 'lib-dynload');
    if (existsSync(dynload) && !underSystem(realpathSync(dynload)))
      objects.push(
        ...readdirSync(dynload)
          .filter((n) => n.endsWith('.so'))
          .map((n) => join(dynload, n)),
      );
  }
  const binds = new Set<string>();
  const links: [string, string][] = [];
  if (!underSystem(path)) binds.add(path);
  for (const d of dirs) if (!underSystem(d)) binds.add(d);
  for (const lib of sharedLibraries(objects)) {
    const real = realpathSync(lib);
    if (!underSystem(real)) binds.add(real);
    if (real !== lib && !underSystem(lib)) links.push([lib, real]);
  }
  // a path inside another bound dir is already there (and the outer mount is read-only)
  const sorted = [...binds].sort();
  const kept = sorted.filter((p) => !sorted.some((q) => q !== p && under(p, q)));
  return { path, binds: kept, links };
}

const cache = new Map<string, Interpreter | string>();

/** Finds the real interpreter behind a configured command (pyenv shims, nvm dirs) and the files it needs. */
export function resolveInterpreter(
  language: 'python' | 'javascript',
  config: SandboxConfig,
): Interpreter | string {
  const key = `${language}:${language === 'python' ? config.python : config.node}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let found: Interpreter | string;
  try {
    if (language === 'python') {
      // -I -S: the flags the sandbox runs it with, so sys.path is what a run will search
      const out = execFileSync(
        config.python,
        ['-I', '-S', '-c', 'import json,sys;print(json.dumps([sys.executable,sys.path]))'],
        { timeout: 10_000, encoding: 'utf8', env: PROBE_ENV },
      );
      const [exe, path] = JSON.parse(out) as [string, string[]];
      found = interpreterFiles(exe, path);
    } else {
      const exe = execFileSync(config.node, ['-p', 'process.execPath'], {
        timeout: 10_000,
        encoding: 'utf8',
        env: PROBE_ENV,
      }).trim();
      found = interpreterFiles(exe, []);
    }
  } catch (err) {
    found = `${language === 'python' ? config.python : config.node}: ${(err as Error).message.split('\n')[0]}`;
  }
  cache.set(key, found);
  return found;
}

const expandHome = (p: string) => (p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p);

function real(p: string): string {
  const abs = resolve(expandHome(p));
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** Paths no mount of the jail may contain: the home dir(s) of the validator's user and datasets.sandbox.protect. */
export function protectedPaths(config: SandboxConfig): { path: string; why: string }[] {
  const homes = new Set<string>();
  for (const h of [process.env.HOME, homedir(), safeUserHome()]) if (h) homes.add(h);
  const out: { path: string; why: string }[] = [];
  for (const h of homes) {
    out.push({ path: resolve(h), why: '$HOME (wallets and keys live there)' });
    if (real(h) !== resolve(h)) out.push({ path: real(h), why: '$HOME (wallets and keys live there)' });
  }
  for (const p of config.protect) {
    const why = 'a protected path (datasets.sandbox.protect: wallet or data dir)';
    out.push({ path: resolve(expandHome(p)), why });
    if (real(p) !== resolve(expandHome(p))) out.push({ path: real(p), why });
  }
  return out;
}

function safeUserHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined;
  }
}

/** Throws SANDBOX_MOUNT_REFUSED when a mount (as given, or its real path) contains a protected path. */
export function checkMounts(mounts: string[], config: SandboxConfig): void {
  const guarded = protectedPaths(config);
  for (const m of mounts) {
    for (const source of new Set([resolve(m), real(m)])) {
      const hit = guarded.find((g) => under(g.path, source));
      if (hit) throw DatasetErrors.SANDBOX_MOUNT_REFUSED(source, `it contains ${hit.path}, ${hit.why}`);
    }
  }
}

export interface JailCommand {
  file: string;
  args: string[];
}

/** Bytes of memory a run may use: the whole run under a cgroup, each process under rlimits. */
export function memoryLimitBytes(config: SandboxConfig, language: 'python' | 'javascript'): number {
  const mb = 1024 * 1024;
  // V8 reserves more than its heap: give node the heap limit plus room for code and buffers.
  return language === 'javascript' ? (config.memoryMb + 192) * mb : config.memoryMb * mb;
}

/** Limits every process of a run gets, as a prlimit prefix. */
function limits(config: SandboxConfig, language: 'python' | 'javascript', nproc: boolean): string[] {
  const prlimit = which('prlimit');
  if (!prlimit) return [];
  const mb = 1024 * 1024;
  return [
    prlimit,
    // Without namespaces RLIMIT_NPROC would count every process of the validator's user.
    ...(nproc ? [`--nproc=${config.maxProcesses}`] : []),
    `--cpu=${Math.ceil(config.timeoutMs / 1000) + 1}`,
    `--data=${memoryLimitBytes(config, language)}`,
    `--fsize=${config.workDirMb * mb}`,
    '--nofile=64',
    '--core=0',
    '--',
  ];
}

/** The whole environment a run gets: nothing of the validator's is passed on. */
export const RUN_ENV = [
  'PATH=/usr/bin:/bin',
  'HOME=/work',
  'LANG=C.UTF-8',
  'PYTHONHASHSEED=0',
  'PYTHONDONTWRITEBYTECODE=1',
];

/**
 * The command line for one run. isolation 'namespaces': unshare + the jail script (the namespace's
 * init and reaper) + chroot, then a scrubbed env, privileges dropped (root: to `uid`; otherwise all
 * capabilities of the user namespace), rlimits, and the interpreter. isolation 'none': the same
 * limits, env and cgroups, no namespaces (no isolation: trusted development machines only).
 * Throws SANDBOX_MOUNT_REFUSED when a mount would show $HOME or a protected path.
 */
export function jailCommand(
  config: SandboxConfig,
  language: 'python' | 'javascript',
  interpreter: Interpreter,
  rootDir: string,
  codeDir: string,
  argv: string[],
  uid: number,
  cgroupProcs: string[] = [],
): JailCommand | string {
  const env = which('env') ?? '/usr/bin/env';
  const sh = which('sh') ?? '/bin/sh';
  if (config.isolation === 'none') {
    const command = [
      '-i',
      `--chdir=${codeDir}`,
      ...RUN_ENV.map((e) => e.replace('HOME=/work', `HOME=${codeDir}`)),
      ...limits(config, language, false),
      interpreter.path,
      ...argv,
    ];
    if (cgroupProcs.length === 0) return { file: env, args: command };
    return {
      file: sh,
      args: ['-c', NONE_SCRIPT, 'rodeo-run', String(cgroupProcs.length), ...cgroupProcs, env, ...command],
    };
  }
  const unshare = which('unshare');
  const setpriv = which('setpriv');
  const chroot = which('chroot') ?? (existsSync('/usr/sbin/chroot') ? '/usr/sbin/chroot' : undefined);
  if (!unshare || !setpriv || !chroot || !which('mount') || !which('prlimit')) {
    return 'unshare, setpriv, chroot, mount and prlimit (util-linux, coreutils) are required';
  }
  const root = process.getuid?.() === 0;
  const drop = root
    ? [
        setpriv,
        `--reuid=${uid}`,
        `--regid=${uid}`,
        '--clear-groups',
        '--no-new-privs',
        '--bounding-set=-all',
        '--inh-caps=-all',
      ]
    : [setpriv, '--no-new-privs', '--bounding-set=-all', '--inh-caps=-all'];
  const systemBinds: string[] = [];
  const links: [string, string][] = [];
  for (const d of SYSTEM_DIRS) {
    if (isLink(d)) links.push([d, readlinkSync(d)]);
    else if (existsSync(d)) systemBinds.push(d);
  }
  const binds = [...systemBinds, ...interpreter.binds];
  checkMounts([...binds, codeDir], config);
  links.push(...interpreter.links);
  return {
    file: unshare,
    args: [
      ...(root ? [] : ['--user', '--map-root-user']),
      '--mount',
      '--net',
      '--pid',
      '--fork',
      '--kill-child',
      '--propagation',
      'private',
      '--',
      sh,
      '-c',
      JAIL_SCRIPT,
      'rodeo-jail',
      rootDir,
      codeDir,
      String(config.workDirMb),
      String(cgroupProcs.length),
      ...cgroupProcs,
      String(binds.length),
      ...binds,
      String(links.length),
      ...links.flat(),
      env,
      '-i',
      '--chdir=/work',
      ...RUN_ENV,
      ...drop,
      ...limits(config, language, true),
      interpreter.path,
      ...argv,
    ],
  };
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
