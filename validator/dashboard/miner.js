// One miner: scores by category and task type, history over rounds, streaming profile, submission.
import { lineChart, timingPlot } from './charts.js';
import { card, fmt, getJson, h, keyChip, richText, scoreBar, section, thead } from './dom.js';

const HISTORY_SERIES = [
  { key: 'composite', name: 'composite', color: '#b4531a' },
  { key: 'average', name: 'moving average', color: '#1d1b18', dashed: true },
  { key: 'quality', name: 'quality', color: '#2f6f8f' },
  { key: 'speed', name: 'speed', color: '#3a8f5a' },
  { key: 'streaming', name: 'streaming', color: '#7a4fa8' },
];

/** A y range around the plotted scores (inside 0..100) so small moves stay visible. */
function scoreRange(history) {
  const ys = history.flatMap((p) => HISTORY_SERIES.map((se) => p[se.key]));
  return {
    yMin: Math.max(0, Math.floor((Math.min(...ys) - 5) / 10) * 10),
    yMax: Math.min(100, Math.ceil((Math.max(...ys) + 5) / 10) * 10),
  };
}

const NUMERIC = ['Tasks', 'Passed', 'Quality', 'Speed', 'Cost', 'Streaming'];

function breakdownTable(title, rows) {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return h('p', { class: 'muted' }, `No ${title.toLowerCase()} scores yet.`);
  return h(
    'table',
    { class: 'breakdown' },
    h('caption', { class: 'sr-only' }, title),
    thead(['', ...NUMERIC], NUMERIC),
    h(
      'tbody',
      {},
      entries.map(([name, c]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, name.replaceAll('_', ' ')),
          h('td', { class: 'num' }, fmt.int(c.count)),
          h('td', { class: 'num' }, `${fmt.int(c.passed)}/${fmt.int(c.count)}`),
          ['quality', 'speed', 'cost', 'streaming'].map((k) => h('td', { class: 'num' }, scoreBar(c[k]))),
        ),
      ),
    ),
  );
}

function status(m) {
  if (m.disqualified)
    return h(
      'span',
      { class: 'badge bad' },
      `disqualified in round ${m.disqualified.round}: `,
      richText(m.disqualified.reason),
    );
  if (!m.eligible)
    return h('span', { class: 'badge muted-badge' }, richText(m.ineligibleReason ?? 'not eligible'));
  return h('span', { class: 'badge ok' }, 'eligible');
}

export function mount(main, [hotkey]) {
  const root = h('div', { class: 'miner' });
  main.append(root);

  async function update() {
    const m = await getJson(`/api/miners/${encodeURIComponent(hotkey)}`);
    const last = m.history.at(-1);
    root.replaceChildren(
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← Rankings')),
      h(
        'div',
        { class: 'page-head' },
        h(
          'h1',
          {},
          m.name,
          m.uid === undefined || m.uid === null ? null : h('span', { class: 'uid' }, `uid ${m.uid}`),
        ),
        h(
          'div',
          { class: 'keys' },
          h('span', {}, 'hotkey ', keyChip(m.hotkey)),
          h('span', {}, 'coldkey ', keyChip(m.coldkey, 'coldkey')),
          status(m),
        ),
      ),
      h(
        'div',
        { class: 'cards' },
        card('Moving average', fmt.score(m.average), 'what the ranking uses'),
        card(
          'Last composite',
          fmt.score(last?.composite),
          last ? `round ${last.round}` : 'not evaluated yet',
        ),
        card('Weight', fmt.percent(last?.weight), 'share of the last weights set'),
        card(
          'Commit block',
          m.commit ? fmt.int(m.commit.block) : '—',
          m.commit ? `extrinsic #${m.commit.index}` : 'no commitment read',
        ),
      ),
      section(
        'Score history',
        m.history.length
          ? lineChart({
              label: `Score history of ${m.name} over ${m.history.length} rounds`,
              xLabel: 'round',
              ...scoreRange(m.history),
              series: HISTORY_SERIES.map((se) => ({
                ...se,
                points: m.history.map((p) => ({ x: p.round, y: p[se.key] })),
              })),
            })
          : h('p', { class: 'muted' }, 'No rounds yet.'),
      ),
      h(
        'div',
        { class: 'two' },
        section('By category', breakdownTable('By category', m.byCategory)),
        section('By task type', breakdownTable('By task type', m.byTaskType)),
      ),
      section(
        'Streaming profile',
        m.sample
          ? [
              h(
                'p',
                { class: 'muted small' },
                `Task ${m.sample.taskId} (${m.sample.category}): ${m.sample.times.length} events, first token after ${fmt.ms(m.sample.ttftMs)}. Each tick is one SSE event; the lower lane is the gap before it.`,
              ),
              timingPlot(m.sample),
            ]
          : h('p', { class: 'muted' }, 'No streamed answer recorded for this miner yet.'),
      ),
      section(
        'Submission',
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Endpoint'),
          h('dd', {}, h('code', {}, m.endpoint ?? '—')),
          h('dt', {}, 'Commitment'),
          h(
            'dd',
            {},
            m.commit
              ? [
                  `block ${fmt.int(m.commit.block)}, extrinsic #${m.commit.index}, sha256 `,
                  keyChip(m.commit.hash, 'commitment hash'),
                ]
              : 'none',
          ),
        ),
        m.manifest
          ? h(
              'pre',
              { class: 'manifest', tabindex: '0', 'aria-label': 'Revealed manifest' },
              JSON.stringify(m.manifest, null, 2),
            )
          : h('p', { class: 'muted' }, 'The manifest has not been revealed.'),
      ),
    );
  }

  return { update };
}
