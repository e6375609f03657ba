/** Every metric name a PromQL expression reads: identifiers that are not functions, keywords, labels or numbers. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // grouping labels
    .replace(/(^|[^A-Za-z0-9_:])\d[\d.]*(?:e[+-]?\d+)?/gi, '$1'); // numbers (0.95, 1e9)
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'bool', 'and', 'or', 'unless', 'offset']);
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = bare.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(') || keywords.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

/** Names of the series a prom-client registry exports, histograms with their _bucket, _sum and _count. */
export async function exportedNames(registry: {
  getMetricsAsJSON(): Promise<{ name: string; type: unknown }[]>;
}): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}
