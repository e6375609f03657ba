import Table from 'cli-table3';
import type { Leaderboard } from '../../validator/index.js';

const TAO = 1e9;
const short = (ss58: string) => `${ss58.slice(0, 5)}…${ss58.slice(-4)}`;
const f1 = (x: number) => x.toFixed(1);

/** The leaderboard as a terminal table (also printed once at the end). */
function leaderboardTable(board: Leaderboard): string {
  const table = new Table({
    head: [
      '#',
      'implementation',
      'hotkey',
      'avg',
      'last',
      'quality',
      'speed',
      'cost',
      'stream',
      'modality',
      'weight',
      'status',
    ],
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
  });
  for (const e of board.entries) {
    table.push([
      e.rank,
      `${e.isChampion ? '👑 ' : ''}${e.name}`,
      short(e.hotkey),
      f1(e.average),
      f1(e.composite),
      f1(e.quality),
      f1(e.speed),
      f1(e.cost),
      f1(e.streaming),
      f1(e.multimodal),
      e.weight.toFixed(3),
      e.eligible ? 'eligible' : (e.ineligibleReason ?? 'ineligible').slice(0, 48),
    ]);
  }
  return table.toString();
}

export interface LiveStatus {
  round: number | undefined;
  rounds: number;
  measured: number;
  expected: number;
  phase: string;
  dashboard: string;
  board: Leaderboard;
}

function bar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
}

function statusText(s: LiveStatus): string {
  const b = s.board;
  const champion = b.entries.find((e) => e.isChampion);
  const pool = `${(b.pool.balanceRao / TAO).toFixed(3)} TAO${b.pool.claim ? ` (claim by ${short(b.pool.claim.hotkey)} confirms at block ${b.pool.claim.confirmAtBlock})` : ''}`;
  return [
    `Rodeo devnet — round ${s.round ?? '-'} of ${s.rounds} · ${s.phase}`,
    `tasks ${bar(s.measured, s.expected)}`,
    leaderboardTable(b),
    `champion: ${champion ? `${champion.name} (${short(champion.hotkey)}), crown threshold ${f1(b.crownThreshold ?? 0)}` : 'none yet'} · pool: ${pool}`,
    `dashboard: ${s.dashboard}`,
  ].join('\n');
}

/** Redraws the status in place on a terminal (a few times a second at most); elsewhere prints on round ends. */
export class LiveView {
  private lines = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: LiveStatus | undefined;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  update(status: LiveStatus): void {
    if (!this.out.isTTY) return;
    this.pending = status;
    this.timer ??= setTimeout(() => this.flush(), 250);
  }

  /** Prints a line that stays (round ends, notes) above the live block. */
  note(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    if (this.pending) this.draw(this.pending);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.pending) return;
    this.clear();
    this.draw(this.pending);
  }

  private draw(s: LiveStatus): void {
    const text = statusText(s);
    this.out.write(`${text}\n`);
    this.lines = text.split('\n').length;
  }

  private clear(): void {
    if (!this.out.isTTY || this.lines === 0) return;
    this.out.write(`\x1b[${this.lines}A\x1b[0J`);
    this.lines = 0;
  }
}
