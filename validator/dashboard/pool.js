// The prize pool: balance over time, accruals, claims and payouts with their extrinsic hashes.
import { lineChart } from './charts.js';
import { card, fmt, getJson, h, keyChip, richText, section, thead } from './dom.js';

const KIND_LABEL = { accrual: 'accrual', claim: 'claim', payout: 'payout', void: 'void' };

/** The pool's own event texts count in rao ("paying 500000000 rao"): shown in τ like the rest of the page. */
const inTao = (text) => text.replace(/\b(\d+) rao\b/g, (_, n) => fmt.tao(Number(n)));

export function mount(main) {
  const root = h('div', { class: 'pool' });
  main.append(root);

  async function update() {
    const [pool, board] = await Promise.all([getJson('/api/pool'), getJson('/api/leaderboard')]);
    const champion = board.entries.find((e) => e.hotkey === pool.champion);
    root.replaceChildren(
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'The prize pool'),
        h(
          'p',
          { class: 'lede' },
          'The pool grows every day the same champion holds #1. A new champion, confirmed after the audit window, claims all of it: 80% to its coldkey, 20% to the component builders it declared.',
        ),
      ),
      h(
        'div',
        { class: 'cards' },
        card('Balance', fmt.tao(pool.balanceRao)),
        card('Accrues', `${fmt.tao(pool.perDayRao)} / day`, 'while the champion holds'),
        card('Champion', champion ? champion.name : pool.champion ? fmt.short(pool.champion) : 'none'),
        card(
          'Pending claim',
          pool.claim ? fmt.short(pool.claim.hotkey) : 'none',
          pool.claim ? `confirms at block ${fmt.int(pool.claim.confirmAtBlock)}` : 'no challenger in audit',
        ),
      ),
      section(
        'Balance over time',
        pool.history.length
          ? lineChart({
              label: 'Prize pool balance by round',
              xLabel: 'round',
              yMin: 0,
              yFormat: fmt.tao,
              yTick: (rao) => `${(rao / 1e9).toLocaleString('en-US', { maximumFractionDigits: 2 })} τ`,
              series: [
                {
                  name: 'balance',
                  color: '#b4531a',
                  points: pool.history.map((p) => ({ x: p.round, y: p.balanceRao })),
                },
              ],
            })
          : h('p', { class: 'muted' }, 'No pool history yet.'),
      ),
      section(
        'Accruals, claims and payouts',
        h(
          'p',
          { class: 'muted small' },
          'Newest first. One accrual row covers the rounds one champion held #1 in a row; the last event of each round leaves the balance the chart shows for that round.',
        ),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'events', id: 'pool-events' },
            thead(
              ['Round', 'Block', 'When', 'Event', 'Balance after', 'Detail', 'Extrinsic'],
              ['Round', 'Block', 'Balance after'],
            ),
            h(
              'tbody',
              {},
              pool.events.length
                ? [...pool.events]
                    .reverse()
                    .map((e) =>
                      h(
                        'tr',
                        { 'data-kind': e.kind, 'data-round': e.round, 'data-balance': e.balanceRao },
                        h(
                          'td',
                          { class: 'num nowrap' },
                          e.fromRound !== undefined && e.fromRound !== e.round
                            ? `${e.fromRound}–${e.round}`
                            : String(e.round),
                        ),
                        h('td', { class: 'num' }, fmt.int(e.block)),
                        h(
                          'td',
                          { class: 'nowrap' },
                          e.at ? h('time', { datetime: e.at }, fmt.date(e.at)) : '—',
                        ),
                        h(
                          'td',
                          {},
                          h('span', { class: `badge kind-${e.kind}` }, KIND_LABEL[e.kind] ?? e.kind),
                        ),
                        h('td', { class: 'num nowrap' }, fmt.tao(e.balanceRao)),
                        h('td', { class: 'detail' }, richText(inTao(e.detail))),
                        h(
                          'td',
                          {},
                          e.txHash ? keyChip(e.txHash, 'extrinsic hash') : h('span', { class: 'muted' }, '—'),
                        ),
                      ),
                    )
                : h(
                    'tr',
                    {},
                    h(
                      'td',
                      { colspan: 7, class: 'empty' },
                      pool.history.length
                        ? 'The pool has not grown yet: it accrues from the round after a champion first holds #1.'
                        : 'Nothing recorded yet.',
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
