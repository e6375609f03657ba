// The dashboard shell: hash routes, the status line, and live updates from /api/events.
import * as arena from './arena.js';
import { errorBox, fmt, getJson } from './dom.js';
import * as miner from './miner.js';
import * as pool from './pool.js';
import * as rankings from './rankings.js';
import * as round from './round.js';

const ROUTES = [
  { pattern: /^#?\/?$/, page: rankings, nav: 'rankings', title: 'Rankings' },
  { pattern: /^#\/miner\/([1-9A-HJ-NP-Za-km-z]{40,60})$/, page: miner, nav: 'rankings', title: 'Miner' },
  { pattern: /^#\/round\/(\d+)$/, page: round, nav: 'rankings', title: 'Round' },
  { pattern: /^#\/pool$/, page: pool, nav: 'pool', title: 'Prize pool' },
  { pattern: /^#\/arena$/, page: arena, nav: 'arena', title: 'Arena' },
];

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const statusText = document.getElementById('status-text');
const liveDot = document.getElementById('live-dot');
let current;

// A failed refresh leaves the page as it was and says why above it; the next event tries again.
async function refresh(view) {
  let failure;
  try {
    await view.update();
  } catch (err) {
    failure = err;
  }
  if (current?.view !== view) return; // the reader moved on while this was loading
  notice.replaceChildren(failure ? errorBox(failure) : '');
  if (!failure) main.dataset.ready = '1';
}

function route() {
  current?.view.unmount?.();
  const hash = location.hash || '#/';
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  main.replaceChildren();
  notice.replaceChildren();
  delete main.dataset.ready;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (match && a.dataset.nav === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!match) {
    current = undefined;
    notice.append(errorBox({ message: `No page ${hash}.`, hint: 'Use the links above.' }));
    return;
  }
  document.title = `Rodeo · ${match.r.title}`;
  const view = match.r.page.mount(main, match.m.slice(1));
  current = { view };
  refresh(view);
}

async function updateStatus() {
  try {
    const health = await getJson('/health');
    const where =
      health.round === null ? 'no round yet' : `round ${health.round} · block ${fmt.int(health.block)}`;
    statusText.textContent = health.paused ? `${where} · paused` : where;
    document.body.classList.toggle('paused', health.paused);
  } catch {
    statusText.textContent = 'validator unreachable';
  }
}

// Many events can arrive in a burst while a round runs: refresh at most every 500 ms.
let pending;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    updateStatus();
    if (current) refresh(current.view);
  }, 500);
}

function listen() {
  const events = new EventSource('/api/events');
  events.onopen = () => {
    liveDot.className = 'dot live';
    liveDot.title = 'live';
  };
  events.onmessage = scheduleRefresh;
  events.onerror = () => {
    liveDot.className = 'dot';
    liveDot.title = 'reconnecting';
  };
}

window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});
route();
updateStatus();
listen();
// Keeps relative times ("4 days") honest on an idle page.
setInterval(updateStatus, 60_000);
