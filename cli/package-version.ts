import { readFileSync } from 'node:fs';

/** This node's version (package.json), sent as version_key and shown by --version. */
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
