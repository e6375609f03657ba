import type { Leaderboard } from '../validator/index.js';

const TAO = 1e9;
const short = (ss58: string) => `${ss58.slice(0, 5)}…${ss58.slice(-4)}`;
const f1 = (x: number) => x.toFixed(1);

/**
 * Columns a string takes on a terminal, for the characters this view prints: escape sequences take none,
 * variation selectors and zero-width joiners none, emoji (the champion's crown) two, everything else one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f || cp === 0x200d) continue;
    width += cp >= 0x1f000 ? 2 : 1;
  }
  return width;
}

/** The text cut to `columns` terminal columns (with an ellipsis when cut). */
export function fitWidth(text: string, columns: number): string {
  if (displayWidth(text) <= columns) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (width + w > columns - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

interface Column {
  head: string;
  /** right-aligned (numbers) */
  right?: boolean;
  cell: (e: Leaderboard['entries'][number]) => string;
}

const COLUMNS: Record<string, Column> = {
  rank: { head: '#', right: true, cell: (e) => String(e.rank) },
  name: { head: 'implementation', cell: (e) => `${e.isChampion ? '👑 ' : ''}${e.name}` },
  hotkey: { head: 'hotkey', cell: (e) => short(e.hotkey) },
  avg: { head: 'avg', right: true, cell: (e) => f1(e.average) },
  last: { head: 'last', right: true, cell: (e) => f1(e.composite) },
  quality: { head: 'quality', right: true, cell: (e) => f1(e.quality) },
  speed: { head: 'speed', right: true, cell: (e) => f1(e.speed) },
  cost: { head: 'cost', right: true, cell: (e) => f1(e.cost) },
  stream: { head: 'stream', right: true, cell: (e) => f1(e.streaming) },
  modality: { head: 'modality', right: true, cell: (e) => f1(e.multimodal) },
  weight: { head: 'weight', right: true, cell: (e) => e.weight.toFixed(3) },
  status: {
    head: 'status',
    // hotkeys in a reason shortened as in the hotkey column
    cell: (e) =>
      e.eligible
        ? 'eligible'
        : (e.ineligibleReason ?? 'ineligible').replace(/\b5[1-9A-HJ-NP-Za-km-z]{47}\b/g, short),
  },
};
/** From the widest layout to the narrowest; the first whose rows fit the terminal is drawn. */
const LAYOUTS = [
  [
    'rank',
    'name',
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
  ['rank', 'name', 'avg', 'last', 'quality', 'speed', 'weight', 'status'],
  ['rank', 'name', 'avg', 'weight', 'status'],
];
const STATUS_MAX = 48;

/** The leaderboard as lines of aligned columns: the widest layout that fits `columns`, lines cut to it. */
export function leaderboardLines(board: Leaderboard, columns: number): string[] {
  let lines: string[] = [];
  for (const layout of LAYOUTS) {
    const cols = layout.map((k) => COLUMNS[k]!);
    const rows = board.entries.map((e) => cols.map((c) => c.cell(e).slice(0, STATUS_MAX)));
    const widths = cols.map((c, i) =>
      Math.max(displayWidth(c.head), ...rows.map((r) => displayWidth(r[i]!))),
    );
    const pad = (text: string, i: number) => {
      const gap = ' '.repeat(Math.max(0, widths[i]! - displayWidth(text)));
      return cols[i]!.right ? gap + text : text + gap;
    };
    const line = (cells: string[]) => cells.map(pad).join('  ').replace(/\s+$/, '');
    lines = [line(cols.map((c) => c.head)), ...rows.map(line)];
    if (lines.every((l) => displayWidth(l) <= columns)) return lines;
  }
  return lines.map((l) => fitWidth(l, columns));
}

export interface LiveStatus {
  round: number | undefined;
  /** Rounds the run stops after; undefined with --keep (rounds go on until Ctrl-C). */
  rounds: number | undefined;
  measured: number;
  expected: number;
  phase: string;
  dashboard: string;
  board: Leaderboard;
}

function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
}

/**
 * The live block for a terminal `columns` wide and `rows` high: every line fits the width (so none wraps) and
 * the block is never taller than the screen (lines scrolled off the top could not be redrawn); miners that do
 * not fit are counted on one line.
 */
export function statusLines(s: LiveStatus, columns: number, rows: number): string[] {
  const b = s.board;
  const champion = b.entries.find((e) => e.isChampion);
  const pool = `${(b.pool.balanceRao / TAO).toFixed(3)} TAO${b.pool.claim ? ` (claim by ${short(b.pool.claim.hotkey)} confirms at block ${b.pool.claim.confirmAtBlock})` : ''}`;
  const round = `round ${s.round ?? '-'}${s.rounds === undefined ? '' : ` of ${s.rounds}`}`;
  columns = Math.max(20, columns - 1); // a line exactly as wide as the screen leaves some terminals at a pending wrap
  const head = [
    `Rodeo devnet — ${round} · ${s.phase}`,
    `tasks ${bar(s.measured, s.expected, columns >= 80 ? 30 : 12)}`,
  ];
  const tail = [
    `champion: ${champion ? `${champion.name} (${short(champion.hotkey)}), crown threshold ${f1(b.crownThreshold ?? 0)}` : 'none yet'}`,
    `pool: ${pool}`,
    `dashboard: ${s.dashboard}`,
  ];
  let table = leaderboardLines(b, columns);
  // the cursor cannot go above the screen's top line: keep the block at most rows - 1 lines
  const room = Math.max(2, rows - 1 - head.length - tail.length);
  if (table.length > room) {
    const hidden = table.length - (room - 1);
    table = [...table.slice(0, room - 1), `… ${hidden} more miners (the dashboard lists them all)`];
  }
  return [...head, ...table, ...tail].map((l) => fitWidth(l, columns));
}

/**
 * On a terminal, redraws the status block in place (a few times a second at most), sized to the terminal's
 * width and height as they are at each draw; notes stay above it. Elsewhere it draws nothing (the caller
 * logs round ends as plain lines).
 */
export class LiveView {
  /** Terminal rows the drawn block takes (a line wider than the terminal wraps onto more than one). */
  private drawnRows = 0;
  private drawnLines: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: LiveStatus | undefined;

  /** The terminal streams' own write functions while this view stands in for them (see intercept()). */
  private originals: Map<NodeJS.WriteStream, NodeJS.WriteStream['write']> | undefined;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  /** Writes to the terminal itself, past the interception. */
  private write(text: string): void {
    const original = this.originals?.get(this.out);
    if (original) original.call(this.out, text);
    else this.out.write(text);
  }

  /**
   * Anything else this process writes to the terminal (a warning logged on stderr, say) would land below the
   * block and shift it, so the next redraw would erase those lines instead and leave a stale frame: while the
   * view is live, such writes go through it (the block is cleared, the text written, the block redrawn).
   */
  private intercept(): void {
    if (this.originals) return;
    this.originals = new Map();
    for (const stream of [process.stdout, process.stderr]) {
      if (!stream.isTTY) continue;
      const original = stream.write;
      this.originals.set(stream, original);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.clear();
        const ok = (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
        // redraw at the next tick of the timer, once the writer has finished its line
        if (this.pending) this.timer ??= setTimeout(() => this.flush(), 250);
        return ok;
      }) as NodeJS.WriteStream['write'];
    }
  }

  private release(): void {
    for (const [stream, original] of this.originals ?? []) stream.write = original;
    this.originals = undefined;
  }

  private get columns(): number {
    return this.out.columns || 80;
  }

  private get rows(): number {
    return this.out.rows || 24;
  }

  private closed = false;

  update(status: LiveStatus): void {
    if (!this.out.isTTY || this.closed) return;
    this.pending = status;
    this.timer ??= setTimeout(() => this.flush(), 250);
  }

  /** Prints a line that stays (round ends, notes, the summary) above the live block. */
  note(text: string): void {
    this.clear();
    this.write(`${text}\n`);
    if (this.pending) this.draw(this.pending);
  }

  /** Clears the block and forgets it; a later update() draws it again. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.clear();
  }

  /** Clears the block for good: later updates draw nothing (the run is ending). */
  close(): void {
    this.closed = true;
    this.stop();
    this.release();
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.pending) return;
    this.clear();
    this.draw(this.pending);
  }

  private draw(s: LiveStatus): void {
    const lines = statusLines(s, this.columns, this.rows);
    this.intercept();
    this.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines;
    this.drawnRows = this.rowsOf(lines);
  }

  private rowsOf(lines: string[]): number {
    const columns = this.columns;
    return lines.reduce((n, l) => n + Math.max(1, Math.ceil(displayWidth(l) / columns)), 0);
  }

  private clear(): void {
    if (!this.out.isTTY || this.drawnRows === 0) return;
    // the terminal may have been narrowed since the draw: its lines then take more rows
    const rows = Math.max(this.drawnRows, this.rowsOf(this.drawnLines));
    this.write(`\r\x1b[${rows}A\x1b[0J`);
    this.drawnRows = 0;
    this.drawnLines = [];
  }
}
