// The arena: one prompt, two anonymous miners streaming side by side, a vote, then the reveal and the
// Elo ladder. Miner text is untrusted: it only ever enters the page as text nodes.
import { errorBox, fmt, getJson, h, postJson, redactUrls, section, thead } from './dom.js';

const VOTES = [
  { vote: 'a', label: 'A is better' },
  { vote: 'b', label: 'B is better' },
  { vote: 'tie', label: 'Tie' },
  { vote: 'both_bad', label: 'Both are bad' },
];

function ladderTable(ladder) {
  if (!ladder.length) return h('p', { class: 'muted' }, 'No votes yet: every miner starts at 1500.');
  return h(
    'table',
    { class: 'events', id: 'arena-ladder' },
    h('caption', { class: 'sr-only' }, 'Arena Elo ladder'),
    thead(
      ['#', 'Implementation', 'Elo', 'Wins', 'Losses', 'Ties', 'Both bad'],
      ['#', 'Elo', 'Wins', 'Losses', 'Ties', 'Both bad'],
    ),
    h(
      'tbody',
      {},
      ladder.map((r, i) =>
        h(
          'tr',
          { 'data-hotkey': r.hotkey },
          h('td', { class: 'num' }, String(i + 1)),
          h('td', {}, h('a', { href: `#/miner/${r.hotkey}` }, r.name)),
          h('td', { class: 'num elo' }, r.rating.toFixed(0)),
          h('td', { class: 'num' }, String(r.wins)),
          h('td', { class: 'num' }, String(r.losses)),
          h('td', { class: 'num' }, String(r.ties)),
          h('td', { class: 'num' }, String(r.bothBad)),
        ),
      ),
    ),
  );
}

/** One side's panel: header, reasoning (collapsed), answer text and a status line. */
function panel(side) {
  const title = h('h3', {}, `Model ${side.toUpperCase()}`);
  const reveal = h('div', { class: 'reveal', 'aria-live': 'polite' });
  const reasoningText = h('div', { class: 'reasoning-text' });
  const reasoning = h(
    'details',
    { class: 'reasoning', hidden: true },
    h('summary', {}, 'Reasoning'),
    reasoningText,
  );
  const answer = h('div', {
    class: 'answer',
    'data-side': side,
    tabindex: '0',
    'aria-label': `Answer ${side.toUpperCase()}`,
  });
  const state = h('div', { class: 'state muted small' }, 'waiting for the first token…');
  const el = h(
    'article',
    { class: 'contender', 'aria-label': `Model ${side.toUpperCase()}` },
    h('header', {}, title, reveal),
    reasoning,
    answer,
    state,
  );
  return { el, title, reveal, reasoning, reasoningText, answer, state };
}

export function mount(main) {
  let battle;
  const intro = h(
    'div',
    { class: 'page-head' },
    h('h1', {}, 'The arena'),
    h(
      'p',
      { class: 'lede' },
      'Ask anything. Two eligible miners, picked at random, answer side by side without their names. Vote, then see who they were and how the Elo ladder moved.',
    ),
  );
  const notice = h('div', { class: 'notice' });
  const prompt = h('textarea', {
    id: 'arena-prompt',
    name: 'prompt',
    rows: 3,
    required: true,
    placeholder: 'e.g. Explain why the sky is blue to a ten-year-old.',
  });
  const count = h('span', { class: 'muted small' });
  const start = h('button', { type: 'submit', class: 'primary' }, 'Start battle');
  const form = h(
    'form',
    {
      class: 'arena-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        begin();
      },
    },
    h('label', { for: 'arena-prompt' }, 'Prompt'),
    prompt,
    h('div', { class: 'row' }, start, count),
  );
  const stage = h('div', { class: 'stage' });
  const ladder = h('div', {});
  main.append(
    intro,
    notice,
    form,
    stage,
    section(
      'Arena preference ladder',
      h(
        'p',
        { class: 'muted small' },
        'Elo from every recorded vote, starting at 1500 with K = 32; "both bad" changes no rating.',
      ),
      ladder,
    ),
  );

  let settings = { maxPromptChars: 2000 };
  prompt.addEventListener('input', () => {
    count.textContent = `${prompt.value.length} / ${settings.maxPromptChars}`;
  });

  async function update() {
    const info = await getJson('/api/arena');
    settings = info;
    if (!info.enabled) {
      notice.replaceChildren(
        errorBox({
          message: 'The arena is off on this validator.',
          hint: 'Set validator.api.arena.enabled to true to offer it.',
        }),
      );
      form.hidden = true;
      ladder.replaceChildren();
      return;
    }
    prompt.maxLength = info.maxPromptChars;
    count.textContent = `${prompt.value.length} / ${info.maxPromptChars}`;
    const few = info.contestants < 2;
    start.disabled = few || Boolean(battle && !battle.voted);
    notice.replaceChildren(
      few
        ? errorBox({
            message: `The arena needs two eligible miners; there ${info.contestants === 1 ? 'is' : 'are'} ${info.contestants}.`,
            hint: 'Miners become contestants once their submission is revealed and eligible.',
          })
        : '',
    );
    ladder.replaceChildren(ladderTable(info.ladder));
  }

  function finishSide(b, side, text) {
    b.sides[side].done = true;
    b.sides[side].panel.state.textContent = text;
    b.sides[side].source.close();
    refreshVoting(b);
  }

  function refreshVoting(b) {
    if (b.voted) return;
    const bothDone = b.sides.a.done && b.sides.b.done;
    const wait = Math.max(0, b.voteAfter - performance.now());
    for (const button of b.buttons) button.disabled = !bothDone || wait > 0;
    b.hint.textContent = !bothDone
      ? 'Voting opens when both answers have finished.'
      : wait > 0
        ? `Read both answers: voting opens in ${Math.ceil(wait / 1000)} s.`
        : 'Which answer is better?';
    if (bothDone && wait > 0 && !b.timer) {
      b.timer = setInterval(() => {
        refreshVoting(b);
        if (b.voteAfter <= performance.now()) clearInterval(b.timer);
      }, 250);
    }
  }

  function close(b) {
    if (!b) return;
    clearInterval(b.timer);
    for (const side of Object.values(b.sides)) side.source.close();
  }

  async function begin() {
    const text = prompt.value.trim();
    if (!text) return prompt.focus();
    start.disabled = true;
    notice.replaceChildren();
    let ticket;
    try {
      ticket = await postJson('/api/arena/battles', { prompt: text });
    } catch (err) {
      start.disabled = false;
      notice.replaceChildren(errorBox(err));
      return;
    }
    close(battle);
    const b = { id: ticket.id, voted: false, voteAfter: performance.now() + ticket.minViewMs, sides: {} };
    battle = b;
    for (const side of ['a', 'b']) {
      const p = panel(side);
      const source = new EventSource(`/api/arena/battles/${encodeURIComponent(ticket.id)}/${side}`);
      b.sides[side] = { panel: p, source, done: false };
      p.state.textContent = 'streaming…';
      source.addEventListener('delta', (ev) => {
        const d = JSON.parse(ev.data);
        if (d.kind === 'reasoning') {
          p.reasoning.hidden = false;
          p.reasoningText.append(document.createTextNode(d.text));
        } else p.answer.append(document.createTextNode(d.text));
      });
      source.addEventListener('end', (ev) => {
        const d = JSON.parse(ev.data);
        finishSide(
          b,
          side,
          `${d.reason === 'cut' ? 'cut at the size limit' : 'finished'} in ${fmt.ms(d.ms)} · ${fmt.int(d.chars)} characters`,
        );
      });
      source.addEventListener('failure', (ev) =>
        finishSide(b, side, `failed: ${redactUrls(JSON.parse(ev.data).message)}`),
      );
      source.onerror = () => {
        if (!b.sides[side].done) finishSide(b, side, 'the connection to the validator was lost');
      };
    }
    b.hint = h('p', { class: 'vote-hint muted', 'aria-live': 'polite' });
    b.buttons = VOTES.map((v) =>
      h(
        'button',
        {
          type: 'button',
          class: 'vote',
          'data-vote': v.vote,
          disabled: true,
          onclick: () => cast(b, v.vote),
        },
        v.label,
      ),
    );
    b.result = h('div', { 'aria-live': 'polite' });
    stage.replaceChildren(
      h('div', { class: 'versus' }, b.sides.a.panel.el, b.sides.b.panel.el),
      h(
        'div',
        { class: 'voting', role: 'group', 'aria-label': 'Your vote' },
        b.hint,
        h('div', { class: 'row' }, b.buttons),
      ),
      b.result,
    );
    refreshVoting(b);
  }

  async function cast(b, vote) {
    for (const button of b.buttons) button.disabled = true;
    try {
      const reveal = await postJson(`/api/arena/battles/${encodeURIComponent(b.id)}/vote`, { vote });
      b.voted = true;
      close(b);
      for (const side of ['a', 'b']) {
        const r = reveal[side];
        const delta = r.after - r.before;
        const p = b.sides[side].panel;
        p.title.textContent = `${side.toUpperCase()}: ${r.name}`;
        p.reveal.replaceChildren(
          h('span', { class: 'uid' }, `uid ${r.uid}`),
          h(
            'span',
            { class: `elo-change ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`, 'data-side': side },
            `Elo ${r.before.toFixed(0)} → ${r.after.toFixed(0)} (${delta >= 0 ? '+' : ''}${delta.toFixed(1)})`,
          ),
        );
      }
      const chosen = VOTES.find((v) => v.vote === vote).label;
      b.hint.textContent = `Recorded: “${chosen}”.`;
      b.result.replaceChildren(
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => {
              stage.replaceChildren();
              prompt.focus();
            },
          },
          'New battle',
        ),
      );
      for (const button of b.buttons) button.hidden = true;
      start.disabled = false;
      ladder.replaceChildren(ladderTable(reveal.ladder));
    } catch (err) {
      b.result.replaceChildren(errorBox(err));
      refreshVoting(b);
    }
  }

  return { update, unmount: () => close(battle) };
}
