// Rodeo Rankings: the leaderboard, sortable by any column, with the crown threshold to beat.
import { card, fmt, getJson, h, keyChip, richText } from './dom.js';

const COLUMNS = [
  { key: 'rank', label: 'Rank', num: true, value: (e) => e.rank, show: (e) => `#${e.rank}` },
  { key: 'name', label: 'Implementation', value: (e) => e.name.toLowerCase() },
  { key: 'hotkey', label: 'Hotkey', value: (e) => e.hotkey },
  {
    key: 'average',
    label: 'Average',
    num: true,
    title: 'Moving average of composite scores: what the ranking uses',
  },
  { key: 'composite', label: 'Composite', num: true, title: 'Composite score of the last round' },
  { key: 'quality', label: 'Quality', num: true },
  { key: 'speed', label: 'Speed', num: true },
  { key: 'cost', label: 'Cost', num: true },
  { key: 'streaming', label: 'Streaming', num: true },
  { key: 'multimodal', label: 'Modality', num: true },
  {
    key: 'weight',
    label: 'Weight',
    num: true,
    show: (e) => fmt.percent(e.weight),
    title: 'Share of the weights this validator set',
  },
  {
    key: 'lastEvaluatedAt',
    label: 'Last evaluated',
    value: (e) => e.lastEvaluatedAt ?? '',
    show: (e) =>
      e.lastEvaluatedAt
        ? h(
            'time',
            {
              class: 'when',
              datetime: e.lastEvaluatedAt,
              title: `round ${e.lastEvaluatedRound ?? '—'} · ${fmt.date(e.lastEvaluatedAt)}`,
            },
            fmt.day(e.lastEvaluatedAt),
            h('span', { class: 'time' }, `${fmt.clock(e.lastEvaluatedAt)} UTC`),
          )
        : '—',
  },
  {
    key: 'championSince',
    label: 'Time as champion',
    num: true,
    value: (e) => (e.championSince ? Date.now() - Date.parse(e.championSince.at) : -1),
    show: (e) => (e.championSince ? fmt.since(e.championSince.at) : '—'),
  },
];

function cell(col, e) {
  if (col.key === 'name') {
    return h(
      'td',
      { class: 'name' },
      h('a', { href: `#/miner/${e.hotkey}` }, e.name),
      e.isChampion ? h('span', { class: 'badge crown', title: 'Current champion' }, '♛ champion') : null,
      e.eligible ? null : h('div', { class: 'reason' }, richText(e.ineligibleReason ?? 'not eligible')),
    );
  }
  if (col.key === 'hotkey') return h('td', {}, keyChip(e.hotkey));
  const shown = col.show ? col.show(e) : fmt.score(e[col.key]);
  return h('td', { class: col.num ? 'num' : undefined }, shown);
}

export function mount(main) {
  let sort = { key: 'rank', dir: 'ascending' };
  let data;
  const summary = h('div', { class: 'cards' });
  const table = h('table', { class: 'board', id: 'leaderboard' });
  const note = h('p', { class: 'muted small' });
  const rounds = h('div', { class: 'rounds' });
  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Rodeo Rankings'),
      h(
        'p',
        { class: 'lede' },
        'Composite scores blend task quality with speed, cost, streaming continuity and modality handling. Click a column to sort.',
      ),
    ),
    summary,
    h('div', { class: 'table-wrap' }, table),
    note,
    rounds,
  );

  const value = (col, e) => (col.value ? col.value(e) : (e[col.key] ?? -1));

  function renderTable() {
    const col = COLUMNS.find((c) => c.key === sort.key);
    const sign = sort.dir === 'ascending' ? 1 : -1;
    const rows = [...data.entries].sort((a, b) => {
      const va = value(col, a);
      const vb = value(col, b);
      return (va < vb ? -1 : va > vb ? 1 : 0) * sign || a.rank - b.rank;
    });
    const head = h(
      'tr',
      {},
      COLUMNS.map((c) =>
        h(
          'th',
          {
            scope: 'col',
            class: c.num ? 'num' : undefined,
            'aria-sort': c.key === sort.key ? sort.dir : 'none',
            title: c.title,
          },
          h(
            'button',
            {
              type: 'button',
              'data-sort': c.key,
              onclick: () => {
                const same = sort.key === c.key;
                const first = c.num && c.key !== 'rank' ? 'descending' : 'ascending';
                sort = {
                  key: c.key,
                  dir: same ? (sort.dir === 'ascending' ? 'descending' : 'ascending') : first,
                };
                renderTable();
                table.querySelector(`button[data-sort="${c.key}"]`)?.focus();
              },
            },
            c.label,
            h(
              'span',
              { class: 'arrow', 'aria-hidden': 'true' },
              c.key === sort.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕',
            ),
          ),
        ),
      ),
    );
    const body = rows.map((e) =>
      h(
        'tr',
        {
          class:
            [e.isChampion ? 'champion' : '', e.eligible ? '' : 'ineligible'].join(' ').trim() || undefined,
          'data-hotkey': e.hotkey,
        },
        COLUMNS.map((c) => cell(c, e)),
      ),
    );
    table.replaceChildren(
      h('caption', { class: 'sr-only' }, `Leaderboard, sorted by ${col.label} ${sort.dir}`),
      h('thead', {}, head),
      h(
        'tbody',
        {},
        body.length
          ? body
          : h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'empty' }, 'No miners evaluated yet.')),
      ),
    );
  }

  async function update() {
    const [board, list] = await Promise.all([getJson('/api/leaderboard'), getJson('/api/rounds')]);
    data = board;
    const champ = board.entries.find((e) => e.isChampion);
    summary.replaceChildren(
      card(
        'Champion',
        champ ? champ.name : 'none yet',
        champ?.championSince
          ? `holding #1 for ${fmt.since(champ.championSince.at)} (since round ${champ.championSince.round})`
          : 'no miner holds #1',
      ),
      card(
        'Crown threshold',
        fmt.score(board.crownThreshold),
        'a challenger must average above this to take #1',
      ),
      card(
        'Prize pool',
        fmt.tao(board.pool.balanceRao),
        `grows ${fmt.tao(board.pool.perDayRao)} a day while the champion holds`,
      ),
      card(
        'Round',
        board.round === undefined || board.round === null ? '—' : `#${board.round}`,
        board.block
          ? `block ${fmt.int(board.block)} · ${fmt.date(board.updatedAt)}`
          : 'waiting for the first round',
      ),
    );
    note.replaceChildren(
      'Ranked by the moving average; a challenger takes #1 only with an average above the crown threshold (ties go to the earlier commit). Greyed rows are not eligible for weight.',
    );
    renderTable();
    const recent = list.rounds.slice(-12).reverse();
    rounds.replaceChildren(
      recent.length ? h('h2', {}, 'Recent rounds') : null,
      h(
        'ul',
        { class: 'chips' },
        recent.map((n) => h('li', {}, h('a', { href: `#/round/${n}` }, `round ${n}`))),
      ),
    );
  }

  return { update };
}
