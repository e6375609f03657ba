// One round as recorded in the ledger: seed, tasks, scores, champion, weights and their extrinsic.
import { card, fmt, getJson, h, keyChip, section, thead } from './dom.js';

/** Rank order (the API sends it; older validators sent uid order without ranks: then by average). */
const byRank = (miners) =>
  [...miners].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || b.average - a.average || a.uid - b.uid);

export function mount(main, [n]) {
  const root = h('div', { class: 'round' });
  main.append(root);

  async function update() {
    const [r, board] = await Promise.all([getJson(`/api/rounds/${Number(n)}`), getJson('/api/leaderboard')]);
    const names = new Map(board.entries.map((e) => [e.hotkey, e.name]));
    const weights = new Map(r.weights.map((w) => [w.uid, w]));
    root.replaceChildren(
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← Rankings')),
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, `Round ${r.round}`),
        h(
          'div',
          { class: 'keys' },
          'seed ',
          keyChip(r.seed, 'seed'),
          r.seedChain
            ? [` secret #${r.seedChain.index} `, keyChip(r.seedChain.secret, 'round secret')]
            : null,
        ),
      ),
      h(
        'div',
        { class: 'cards' },
        card(
          'Block',
          fmt.int(r.block),
          r.at ? h('time', { datetime: r.at }, `started ${fmt.date(r.at)}`) : null,
        ),
        card('Tasks', fmt.int(r.tasks), 'per miner'),
        card('Champion', r.champion ? (names.get(r.champion) ?? fmt.short(r.champion)) : 'none'),
        card(
          'Weights',
          r.weightsTx ? `block ${fmt.int(r.weightsTx.block)}` : 'not set',
          r.sealed ? 'round sealed' : 'round not sealed yet',
        ),
      ),
      r.weightsTx
        ? h('p', { class: 'muted small' }, 'Weights extrinsic ', keyChip(r.weightsTx.hash, 'extrinsic hash'))
        : null,
      section(
        'Miners',
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'events' },
            h('caption', { class: 'sr-only' }, `Miners of round ${r.round} by rank`),
            thead(
              ['Rank', 'Uid', 'Implementation', 'Hotkey', 'Composite', 'Average', 'Failed tasks', 'Weight'],
              ['Rank', 'Uid', 'Composite', 'Average', 'Failed tasks', 'Weight'],
            ),
            h(
              'tbody',
              {},
              byRank(r.miners).map((m) =>
                h(
                  'tr',
                  {
                    class: m.eligible === false ? 'ineligible' : undefined,
                    'data-hotkey': m.hotkey,
                    'data-rank': m.rank,
                  },
                  h('td', { class: 'num' }, m.rank ? `#${m.rank}` : '—'),
                  h('td', { class: 'num' }, String(m.uid)),
                  h(
                    'td',
                    { class: 'name' },
                    h('a', { href: `#/miner/${m.hotkey}` }, names.get(m.hotkey) ?? 'unknown'),
                    m.eligible === false ? h('div', { class: 'reason' }, 'not eligible') : null,
                  ),
                  h('td', {}, keyChip(m.hotkey)),
                  h('td', { class: 'num' }, fmt.score(m.composite)),
                  h('td', { class: 'num' }, fmt.score(m.average)),
                  h('td', { class: 'num' }, fmt.int(m.failed)),
                  h('td', { class: 'num' }, fmt.percent(weights.get(m.uid)?.weight ?? 0)),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  return { update };
}
