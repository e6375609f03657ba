import type { Task } from '../../task.js';
import { alternativesList, coverage, type Graded } from './answers.js';

const FACT_KEYS = [
  'facts',
  'expected_facts',
  'expected_topics',
  'required_aspects',
  'required_elements',
  'required_concepts',
];

interface Source {
  url: string;
  title?: string;
}

const bareUrl = (u: string) =>
  u
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/.,;:]+$/, '');
const host = (u: string) => bareUrl(u).split('/')[0]!;

/**
 * Research: key facts AND citations. Citations are [n] markers naming one of the task's numbered
 * sources, or URLs of those sources (or, for open questions, of `citation_domains`); a marker or URL
 * that names no real source is a fabricated citation and halves the citation score.
 * quality = 0 without facts, else 0.6 * facts + 0.4 * citations.
 */
export function gradeResearch(task: Task, content: string): Graded {
  const e = task.expected;
  const key = FACT_KEYS.find((k) => k in e || k in (task.evaluation ?? {}));
  const facts = key
    ? alternativesList(e[key] ?? task.evaluation?.[key])
    : [...alternativesList(e.contains), ...alternativesList(e.must_cover)];
  const factScore = coverage(content, facts);
  const sources = (Array.isArray(e.sources) ? e.sources : []) as Source[];
  const domains = Array.isArray(e.citation_domains)
    ? (e.citation_domains as string[]).map((d) => d.toLowerCase())
    : [];
  const cited = new Set<string>();
  const fabricated: string[] = [];
  for (const m of content.matchAll(/\[(\d+)\]/g)) {
    const n = Number(m[1]);
    if (sources.length && n >= 1 && n <= sources.length) cited.add(bareUrl(sources[n - 1]!.url));
    else if (sources.length) fabricated.push(m[0]);
  }
  for (const m of content.matchAll(/https?:\/\/[^\s)\]>"']+/g)) {
    const url = bareUrl(m[0]);
    const source = sources.find((s) => url === bareUrl(s.url) || url.startsWith(`${bareUrl(s.url)}/`));
    if (source) cited.add(bareUrl(source.url));
    else if (domains.some((d) => host(url) === d || host(url).endsWith(`.${d}`))) cited.add(url);
    else if (sources.length || domains.length) fabricated.push(m[0]);
    else cited.add(url);
  }
  const minSources =
    typeof e.min_sources === 'number' ? e.min_sources : e.requires_citations || sources.length ? 1 : 0;
  const citeScore = minSources ? Math.min(1, cited.size / minSources) * (fabricated.length ? 0.5 : 1) : 1;
  const score = factScore.score === 0 ? 0 : 0.6 * factScore.score + 0.4 * citeScore;
  return {
    score,
    details: {
      facts: factScore.details,
      citations: { cited: cited.size, minSources, fabricated, score: citeScore },
    },
  };
}
