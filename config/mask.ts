import type { Config } from './schema.js';
import { listSettings } from './settings.js';

/** A copy of the config with every secret that is set replaced by "***". */
export function maskSecrets(config: Config): Config {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const s of listSettings()) {
    if (!s.secret) continue;
    let node: Record<string, unknown> | undefined = copy;
    for (const k of s.path.slice(0, -1)) node = node?.[k] as Record<string, unknown> | undefined;
    const last = s.path[s.path.length - 1]!;
    if (!node || node[last] === undefined) continue;
    const v = node[last];
    node[last] =
      typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).map((k) => [k, '***'])) : '***';
  }
  return copy as unknown as Config;
}
