/** A range [min, max] a value is drawn from, uniformly. */
export type Range = readonly [number, number];

/** How a profile's answer reaches the wire. */
export type SimStream =
  /** Small pieces of `chars` characters, one every `gapMs`. */
  | { kind: 'steady'; chars: Range; gapMs: Range }
  /** The content in `bursts` large irregular pieces, each after a silence of `silenceMs`. */
  | { kind: 'bursty'; bursts: Range; silenceMs: Range }
  /** No usable answer: an HTTP 500, a cut or malformed stream, an error event or an empty answer. */
  | { kind: 'failing' };

/**
 * A simulated upstream model: what share of tasks it answers with the answer key and how it streams.
 * Everything a validator can observe of it says it is a simulation (name, model id, description).
 */
export interface SimProfile {
  name: string;
  /** The model id it reports, `sim-<name>`. */
  model: string;
  description: string;
  /**
   * Share of each round's tasks answered with the reference; the others get a wrong or partial answer.
   * Tasks are ranked by difficulty (one ranking for every profile, see IndexedTask), so a more accurate
   * profile answers a superset of what a less accurate one answers.
   */
  accuracy: number;
  /** The profile whose timing draws this one uses: itself, or the one a copycat copies. */
  drawsAs: string;
  /** Streams a short reasoning text before the answer. */
  reasoning: boolean;
  /** Delay before the first event (the simulated model's time to first token). */
  firstTokenMs: Range;
  stream: SimStream;
}

const FAST: SimStream = { kind: 'steady', chars: [6, 12], gapMs: [12, 20] };

const profile = (p: Omit<SimProfile, 'model' | 'drawsAs'>): SimProfile => ({
  ...p,
  model: `sim-${p.name}`,
  drawsAs: p.name,
});

const strong = profile({
  name: 'strong',
  description:
    'simulated strong model: the answer key for ~95% of tasks, reasoning first, first token in 100-200 ms, a steady fast stream',
  accuracy: 0.95,
  reasoning: true,
  firstTokenMs: [100, 200],
  stream: FAST,
});

/** The simulation profiles of the devnet field, by name. */
export const SIM_PROFILES = {
  strong,
  average: profile({
    name: 'average',
    description:
      'simulated average model: the answer key for ~60% of tasks (wrong or partial otherwise), first token in 1.2-2 s, an uneven moderate stream (~10 tokens/s)',
    accuracy: 0.6,
    reasoning: false,
    firstTokenMs: [1200, 2000],
    stream: { kind: 'steady', chars: [4, 8], gapMs: [60, 260] },
  }),
  'slow-starter': profile({
    name: 'slow-starter',
    description:
      'simulated slow starter: the answer key for ~85% of tasks, but the first token only after 2-3 s, then a fast stream',
    accuracy: 0.85,
    reasoning: true,
    firstTokenMs: [2000, 3000],
    stream: FAST,
  }),
  bursty: profile({
    name: 'bursty',
    description:
      'simulated bursty streamer: the answer key for ~85% of tasks, streamed in 2-3 large bursts after silences of 2.2-3.6 s',
    accuracy: 0.85,
    reasoning: true,
    firstTokenMs: [150, 300],
    stream: { kind: 'bursty', bursts: [2, 3], silenceMs: [2200, 3600] },
  }),
  copycat: {
    ...strong,
    name: 'copycat',
    model: 'sim-copycat',
    description:
      'simulated copycat: answers and streams exactly like sim-strong (a duplicate submission the validator must zero)',
  },
  broken: profile({
    name: 'broken',
    description:
      'simulated broken model: every answer fails (HTTP 500, a cut or malformed stream, an error event, or nothing)',
    accuracy: 0,
    reasoning: false,
    firstTokenMs: [50, 150],
    stream: { kind: 'failing' },
  }),
} satisfies Record<string, SimProfile>;

export type SimProfileName = keyof typeof SIM_PROFILES;
