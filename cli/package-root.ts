import { fileURLToPath } from 'node:url';

/**
 * The package's folder (package.json, bin/): one level above cli/ in the sources, two above dist/cli/ when
 * running the compiled build.
 */
export const PACKAGE_ROOT = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url),
);
