import { describe, expect, it } from 'vitest';
import { prefix } from './bench-views.js';

describe('bench show --tasks answer prefix', () => {
  it("prints no terminal control sequence from a miner's answer or error", () => {
    // OSC 52 (writes the clipboard in some terminals), a CSI screen clear, a C1 CSI, BEL, DEL, a bidi override
    const hostile = '\x1b]52;c;Y3VybCB4fHNo\x07\x1b[2J\x9b31m\x7fok\u202eevil';
    const shown = prefix(hostile, 200);
    expect(shown).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(shown).toContain('ok');
    expect(prefix('plain  answer\n\twith space')).toBe('plain answer with space');
  });
});
