import type { Command } from 'commander';
import { configReferenceMarkdown, defaultConfig, listSettings, maskSecrets } from '../config/index.js';
import { loadCommandConfig } from './context.js';
import { printTable } from './table.js';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('show the effective configuration and every setting');

  config
    .command('print')
    .description('print the effective config (defaults < file < RODEO_* env < flags) as JSON, secrets masked')
    .option('--defaults', 'print the defaults alone (no file, no RODEO_* env)')
    .action((opts: { defaults?: boolean }, cmd: Command) => {
      const effective = opts.defaults ? defaultConfig() : loadCommandConfig(cmd.optsWithGlobals());
      process.stdout.write(`${JSON.stringify(maskSecrets(effective), null, 2)}\n`);
    });

  config
    .command('env')
    .description('list every setting with its RODEO_* variable, default and allowed values')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const settings = listSettings();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
        return;
      }
      printTable(
        ['setting', 'env', 'default', 'allowed'],
        settings.map((s) => [
          s.key,
          s.env,
          s.default === undefined ? '' : JSON.stringify(s.default),
          s.allowed,
        ]),
      );
    });

  config
    .command('docs')
    .description('print the configuration reference as Markdown (the README section is generated from it)')
    .action(() => {
      process.stdout.write(`${configReferenceMarkdown()}\n`);
    });
}
