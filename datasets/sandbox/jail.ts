import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatasetsConfig } from '../../config/index.js';

type SandboxConfig = DatasetsConfig['sandbox'];

/**
 * Runs inside new mount/net/pid (and, when not root, user) namespaces: builds a root of read-only
 * system dirs, a read-only /code, a size-limited tmpfs /work and /tmp and four device nodes, then
 * chroots into it. Nothing else of the host's file system is visible; the net namespace has no
 * interfaces up, so no connection can be made, not even to 127.0.0.1.
 *   $1 root mount point, $2 host dir with the run's files, $3 tmpfs size (MiB), $4 dirs to bind (':'),
 *   then the command to run inside (absolute paths).
 */
const JAIL_SCRIPT = `set -eu
R="$1"; CODE="$2"; MB="$3"; BINDS="$4"; shift 4
mount -t tmpfs -o size=4m,mode=0755 rodeo-root "$R"
IFS=:
for d in $BINDS; do
  [ -e "$d" ] || continue
  if [ -L "$d" ]; then mkdir -p "$R$(dirname "$d")"; ln -s "$(readlink "$d")" "$R$d"; continue; fi
  mkdir -p "$R$d"
  mount --rbind "$d" "$R$d"
  mount -o remount,bind,ro,nosuid,nodev "$R$d"
done
unset IFS
mkdir -p "$R/code" "$R/work" "$R/tmp" "$R/dev"
mount --bind "$CODE" "$R/code"
mount -o remount,bind,ro,nosuid,nodev "$R/code"
mount -t tmpfs -o "size=\${MB}m,mode=0777,nosuid,nodev" rodeo-work "$R/work"
mount -t tmpfs -o "size=\${MB}m,mode=1777,nosuid,nodev" rodeo-tmp "$R/tmp"
for n in null zero random urandom; do touch "$R/dev/$n"; mount --bind "/dev/$n" "$R/dev/$n"; done
mount -o remount,bind,ro "$R"
exec chroot "$R" "$@"
`;

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export interface Interpreter {
  /** Absolute path of the real binary (shims and symlinks resolved). */
  path: string;
  /** Directories it needs, outside the system dirs. */
  dirs: string[];
}

const underSystem = (p: string) => SYSTEM_DIRS.some((d) => p === d || p.startsWith(`${d}/`));

function which(bin: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin'])
    if (existsSync(`${dir}/${bin}`)) return `${dir}/${bin}`;
  return undefined;
}

const cache = new Map<string, Interpreter | string>();

/** Finds the real interpreter behind a configured command (pyenv shims, nvm dirs) and the dirs it lives in. */
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
      const out = execFileSync(
        config.python,
        ['-c', 'import json,sys;print(json.dumps([sys.executable,sys.prefix,sys.base_prefix]))'],
        {
          timeout: 10_000,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' },
        },
      );
      const [exe, prefix, base] = JSON.parse(out) as string[];
      const path = realpathSync(exe!);
      found = {
        path,
        dirs: [...new Set([prefix!, base!, dirname(dirname(path))].filter((d) => !underSystem(d)))],
      };
    } else {
      const exe = execFileSync(config.node, ['-p', 'process.execPath'], {
        timeout: 10_000,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' },
      }).trim();
      const path = realpathSync(exe);
      found = { path, dirs: underSystem(path) ? [] : [dirname(dirname(path))] };
    }
  } catch (err) {
    found = `${language === 'python' ? config.python : config.node}: ${(err as Error).message.split('\n')[0]}`;
  }
  cache.set(key, found);
  return found;
}

export interface JailCommand {
  file: string;
  args: string[];
}

/** Limits every run gets, as a prlimit prefix. */
function limits(config: SandboxConfig, language: 'python' | 'javascript', nproc: boolean): string[] {
  const prlimit = which('prlimit');
  if (!prlimit) return [];
  const mb = 1024 * 1024;
  // V8 reserves more than its heap: give node the heap limit plus room for code and buffers.
  const data = language === 'javascript' ? (config.memoryMb + 192) * mb : config.memoryMb * mb;
  return [
    prlimit,
    // Without namespaces RLIMIT_NPROC would count every process of the validator's user.
    ...(nproc ? [`--nproc=${config.maxProcesses}`] : []),
    `--cpu=${Math.ceil(config.timeoutMs / 1000) + 1}`,
    `--data=${data}`,
    `--fsize=${config.workDirMb * mb}`,
    '--nofile=64',
    '--core=0',
    '--',
  ];
}

const ENV = [
  'PATH=/usr/bin:/bin',
  'HOME=/work',
  'LANG=C.UTF-8',
  'PYTHONHASHSEED=0',
  'PYTHONDONTWRITEBYTECODE=1',
];

/**
 * The command line for one run. isolation 'namespaces': unshare + the jail script + chroot, then a
 * scrubbed env, privileges dropped (root: to `uid`; otherwise all capabilities of the user
 * namespace), rlimits, and the interpreter. isolation 'none': the same limits and env, no namespaces.
 */
export function jailCommand(
  config: SandboxConfig,
  language: 'python' | 'javascript',
  interpreter: Interpreter,
  rootDir: string,
  codeDir: string,
  argv: string[],
  uid: number,
): JailCommand | string {
  const env = which('env') ?? '/usr/bin/env';
  if (config.isolation === 'none') {
    return {
      file: env,
      args: [
        '-i',
        `--chdir=${codeDir}`,
        ...ENV.map((e) => e.replace('HOME=/work', `HOME=${codeDir}`)),
        ...limits(config, language, false),
        interpreter.path,
        ...argv,
      ],
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
  const binds = [...SYSTEM_DIRS.filter((d) => existsSync(d) || isLink(d)), ...interpreter.dirs].join(':');
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
      '/bin/sh',
      '-c',
      JAIL_SCRIPT,
      'rodeo-jail',
      rootDir,
      codeDir,
      String(config.workDirMb),
      binds,
      env,
      '-i',
      '--chdir=/work',
      ...ENV,
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
