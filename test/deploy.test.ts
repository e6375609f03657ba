import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listSettings } from '../config/index.js';
import { createValidatorMetrics } from '../validator/index.js';
import { startLedgerApi } from '../validator/testing/ledger-validator.js';
import { commandProblems, parseRodeoArgs, type RodeoCommand } from './cli-commands.js';
import { metricNames } from './promql.js';

const DEPLOY = resolve(import.meta.dirname, '../deploy');
const read = (file: string) => readFileSync(resolve(DEPLOY, file), 'utf8');
const UNIT = 'systemd/rodeo-validator.service';
const PAYER = 'systemd/rodeo-validator-payer.conf';
const DOCKERFILE = 'docker/validator.Dockerfile';
const PM2 = 'pm2/ecosystem.config.cjs';

/** A unit or Dockerfile line with its backslash continuations joined. */
function joinedLines(text: string): string[] {
  return text.replace(/\\\n/g, ' ').split('\n');
}

/** The words after bin/rodeo.mjs in a command line. */
function afterBin(words: string[], where: string): RodeoCommand {
  const i = words.findIndex((w) => w.endsWith('bin/rodeo.mjs'));
  expect(i, `${where}: runs bin/rodeo.mjs`).toBeGreaterThanOrEqual(0);
  return parseRodeoArgs(words.slice(i + 1), where);
}

function systemdCommand(): RodeoCommand {
  const line = joinedLines(read(UNIT)).find((l) => l.startsWith('ExecStart='));
  expect(line, `${UNIT}: ExecStart=`).toBeDefined();
  return afterBin(line!.slice('ExecStart='.length).trim().split(/\s+/), UNIT);
}

function dockerCommand(): RodeoCommand {
  const line = joinedLines(read(DOCKERFILE)).find((l) => l.startsWith('CMD '));
  return afterBin(JSON.parse(line!.slice(4)) as string[], DOCKERFILE);
}

function pm2Command(): RodeoCommand {
  const app = (
    createRequire(import.meta.url)(resolve(DEPLOY, PM2)) as { apps: { script: string; args: string[] }[] }
  ).apps[0]!;
  return afterBin([app.script, ...app.args], PM2);
}

describe('deploy/', () => {
  it('systemd, pm2 and the Dockerfile run a real subcommand with real flags', async () => {
    const commands = [systemdCommand(), pm2Command(), dockerCommand()];
    for (const c of commands) expect(c.path, c.where).toEqual(['validator', 'run']);
    const problems = (await Promise.all(commands.map(commandProblems))).flat();
    expect(problems).toEqual([]);
    // the check itself catches a wrong flag and a wrong subcommand
    expect(await commandProblems({ ...commands[0]!, flags: ['--no-such-flag'] })).toHaveLength(1);
    expect(await commandProblems({ ...commands[0]!, path: ['validator', 'runn'] })).toHaveLength(1);
  }, 300_000);

  it('names only RODEO_* variables that are settings', () => {
    const known = new Set(listSettings().flatMap((s) => [s.env, ...s.envAliases]));
    known.add('RODEO_CONFIG');
    for (const file of [UNIT, PAYER, DOCKERFILE, PM2]) {
      for (const [name] of read(file).matchAll(/\bRODEO_[A-Z0-9_]+/g))
        expect(known, `${file}: ${name}`).toContain(name);
    }
  });

  it('the systemd unit stops with SIGTERM, restarts on failure and keeps the data dir writable', () => {
    const unit = read(UNIT);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^User=rodeo$/m);
    const dataDir = systemdCommand();
    const words = joinedLines(unit)
      .find((l) => l.startsWith('ExecStart='))!
      .split(/\s+/);
    const data = words[words.indexOf('--data') + 1]!;
    expect(dataDir.flags).toContain('--data');
    // ProtectSystem=strict makes everything read-only but ReadWritePaths: the ledger's folder must be under one
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    const writable = [...unit.matchAll(/^ReadWritePaths=(.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(
      writable.some((w) => data === w || data.startsWith(`${w}/`)),
      `${data} under ${writable}`,
    ).toBe(true);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
    expect(unit).not.toMatch(/^RestrictNamespaces=yes/m);
  });

  const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
  it.skipIf(!systemdAnalyze)(
    'systemd-analyze verify accepts the unit and the payer drop-in without a warning (skipped without systemd)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rodeo-unit-'));
      try {
        copyFileSync(resolve(DEPLOY, UNIT), join(dir, 'rodeo-validator.service'));
        mkdirSync(join(dir, 'rodeo-validator.service.d'));
        copyFileSync(resolve(DEPLOY, PAYER), join(dir, 'rodeo-validator.service.d', 'payer.conf'));
        const out = await promisify(execFile)(
          systemdAnalyze!,
          ['verify', join(dir, 'rodeo-validator.service')],
          {
            env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` },
            timeout: 60_000,
          },
        ).then(
          (r) => ({ code: 0, text: r.stdout + r.stderr }),
          (e: { code?: number; stdout?: string; stderr?: string }) => ({
            code: e.code ?? 1,
            text: `${e.stdout ?? ''}${e.stderr ?? ''}`,
          }),
        );
        // unknown keys and bad values are only warnings ("..., ignoring.") with exit 0
        expect(out.text.trim()).toBe('');
        expect(out.code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it("the Dockerfile's HEALTHCHECK passes against a running validator API and fails when it is down", async () => {
    const line = joinedLines(read(DOCKERFILE)).find((l) => l.startsWith('HEALTHCHECK '))!;
    const command = line.slice(line.indexOf(' CMD ') + 5).trim();
    expect(command).toContain('/health');
    const fx = await startLedgerApi({ answers: ['a', 'b'] });
    const port = new URL(fx.api.url).port;
    const env = {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      RODEO_VALIDATOR_API_PORT: port,
    };
    const check = () =>
      promisify(execFile)('sh', ['-c', command], { env, timeout: 60_000 }).then(
        () => 0,
        (e: { code?: number }) => e.code ?? 1,
      );
    try {
      expect(await check()).toBe(0);
    } finally {
      await fx.close();
    }
    expect(await check()).toBe(1);
  }, 120_000);

  it('the Grafana dashboard reads only series the validator exports, with their labels', async () => {
    const registry = createValidatorMetrics().registry;
    const exported = new Map<string, string[]>();
    for (const m of await registry.getMetricsAsJSON()) {
      const labels = [
        ...new Set((m.values ?? []).flatMap((v) => Object.keys(v.labels ?? {}))),
        ...(((m as unknown as { labelNames?: string[] }).labelNames ?? []) as string[]),
      ];
      exported.set(m.name, labels);
      if (String(m.type) === 'histogram')
        for (const s of ['_bucket', '_sum', '_count']) exported.set(`${m.name}${s}`, [...labels, 'le']);
    }
    const labelsOf = (name: string) => {
      const metric =
        registry.getSingleMetric(name.replace(/_(bucket|sum|count)$/, '')) ?? registry.getSingleMetric(name);
      return new Set([
        ...((metric as unknown as { labelNames?: string[] })?.labelNames ?? []),
        ...(exported.get(name) ?? []),
        'instance',
        'job',
        ...(name.endsWith('_bucket') ? ['le'] : []),
      ]);
    };

    const dashboard = JSON.parse(read('grafana/rodeo-validator.json')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
      templating: { list: { query: { query: string } }[] };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
      ...dashboard.templating.list.map((v) => ({
        where: 'variable',
        expr: v.query.query.replace(/^label_values\(([^,]+),.*$/, '$1'),
      })),
    ];
    const used = new Set<string>();
    for (const { where, expr } of exprs) {
      const names = metricNames(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        used.add(name);
        expect(exported.has(name), `${where}: ${name} is not in the validator's registry`).toBe(true);
        // labels in matchers and groupings belong to the series
        const labels = labelsOf(name);
        for (const m of expr.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"/g))
          expect(labels, `${where}: ${name} has no label ${m[1]}`).toContain(m[1]);
      }
      for (const m of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
        for (const label of m[1]!.split(',').map((s) => s.trim())) {
          expect(
            names.some((n) => labelsOf(n).has(label)),
            `${where}: no series of ${names} has label ${label}`,
          ).toBe(true);
        }
      }
    }
    // every series the validator defines itself is on the dashboard
    for (const own of [
      'current_round',
      'champion_uid',
      'round_duration_seconds_count',
      'tasks_total',
      'task_failures_total',
      'chain_calls_total',
      'weights_set_total',
      'pool_balance_rao',
      'pool_payers',
      'arena_votes_total',
    ])
      expect(used, own).toContain(`rodeo_validator_${own}`);
    // the check catches a name that is not exported
    expect(metricNames('rate(rodeo_validator_no_such_total{outcome="ok"}[5m])')).toEqual([
      'rodeo_validator_no_such_total',
    ]);
  });
});
