import { crc32, deflateRawSync } from 'node:zlib';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeStoredValue,
  encodeFormat2,
  encodeStoredValue,
  FORMAT_2_TAG,
  format2Payload,
  MAX_FORMAT_2_LINE,
  MIN_ENCODED_LINE,
  StoredValueError,
  wellFormed,
} from './codec.js';
import { exportLines, recKey, tempDirs, withRawBytes } from './fixtures/temp.js';
import { encodeRecord, GENESIS_HASH, sha256Hex } from './format.js';
import { canonicalJson, LedgerErrors, openLedger } from './index.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
let signer: ReturnType<Keyring['addFromUri']>;
beforeAll(async () => {
  await cryptoWaitReady();
  signer = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
});

/** The worked example of ledger/README.md ("Stored values"). */
const EXAMPLE = {
  taskId: 'rot-28fa0b48-0000',
  status: 200,
  headersUs: 65267,
  endUs: 271623,
  events: {
    t: [65907, 153120, 171557, 191177, 211542, 230831, 250268, 270896, 271601, 271623],
    k: 'occccccfud',
    n: [0, 4, 7, 8, 3, 4, 4, 9, 0, 0],
  },
  content: 'the answer depends on how ',
};

/** A miner's measurements as the runner records them, `events` of them each (deterministic). */
function measurements(seed: number, tasks: number, events: number) {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  return Array.from({ length: tasks }, (_, task) => {
    const t: number[] = [];
    const n: number[] = [];
    let at = 60_000 + Math.floor(rand() * 100_000);
    for (let i = 0; i < events; i++) {
      at += 19_000 + Math.floor(rand() * 3_000);
      t.push(at);
      n.push(1 + Math.floor(rand() * 8));
    }
    return {
      taskId: `t-${task}`,
      startedAt: 1_760_000_000_000.25 + task,
      events: { t, k: 'o'.padEnd(events, 'c'), n },
      content: 'an answer in words, '.repeat(1 + Math.floor(rand() * 20)),
      usage: { promptTokens: 10, completionTokens: events, totalTokens: 10 + events },
    };
  });
}

describe('record format 2: the worked example', () => {
  const line = encodeRecord({
    seq: 7,
    round: 120,
    type: 'round.measurements',
    at: 1760000000000,
    data: EXAMPLE,
    prevHash: GENESIS_HASH,
  }).line;

  it('splits the integer arrays into columns and gives back the line byte for byte', () => {
    expect(Buffer.byteLength(line)).toBe(472);
    const value = encodeFormat2(line)!;
    const payload = format2Payload(value);
    // varint 383 (the skeleton's length), the skeleton with 0x01 where [0,4,...] and [65907,...] were
    expect(payload.subarray(0, 2).toString('hex')).toBe('ff02');
    const skeleton = payload.subarray(2, 2 + 383).toString('utf8');
    expect(skeleton).toContain('"events":{"k":"occccccfud","n":\u0001,"t":\u0001}');
    // two columns: n as values (order 0), t as differences of differences (order 2)
    expect(payload.subarray(385).toString('hex')).toBe(
      '022800080e100608081200002ae68508f4cc02cfb208be12d20be710a802ce12a5b702d50a',
    );
    expect(value[0]).toBe(FORMAT_2_TAG);
    expect(value.length).toBe(298);
    expect(decodeStoredValue(value)).toBe(line);
    expect(sha256Hex(line.replace(/"hash":"[0-9a-f]{64}",/, ''))).toBe(
      '7e0f8c9095620ce85cbcaae7047adc5b518a5264f35260efe55c7e74f9e6c6f1',
    );
  });

  it('keeps short lines as they are (format 1), and every line when format 1 is asked for', () => {
    expect(line.length).toBeLessThan(MIN_ENCODED_LINE);
    expect(encodeStoredValue(line).toString('utf8')).toBe(line);
    const long = `{"a":"${'x'.repeat(2 * MIN_ENCODED_LINE)}"}`;
    expect(encodeStoredValue(long)[0]).toBe(FORMAT_2_TAG);
    expect(encodeStoredValue(long, 1).toString('utf8')).toBe(long);
  });
});

/** Text with integer arrays of every shape, and things that look like them. */
const piece = fc.oneof(
  fc
    .array(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), { minLength: 0, maxLength: 40 })
    .map((a) => JSON.stringify(a)),
  fc.array(fc.maxSafeInteger(), { minLength: 4, maxLength: 8 }).map((a) => JSON.stringify(a)),
  fc.array(fc.double(), { minLength: 4, maxLength: 8 }).map((a) => JSON.stringify(a)),
  fc.constantFrom(
    '[-0,1,2,3]',
    '[01,2,3,4]',
    '[1,2,3,4.5]',
    '[1,2,3,4e5]',
    '[1,2,3,4',
    '[1, 2, 3, 4]',
    '[999999999999999,-999999999999999,0,1]',
    '[1000000000000000,1,2,3]',
    '\u0001',
    '\u0002',
    '😀',
    '\ud800',
    '"',
    '\\',
    ',',
    ']',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
);

describe('record format 2: exact for any text', () => {
  it('decodes to the very line it encoded, or declines (marker byte, lone surrogate)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const line = `{${pieces.join('')}}`;
        const value = encodeFormat2(line);
        if (value === undefined) expect(line.includes('\u0001') || !wellFormed(line)).toBe(true);
        else expect(decodeStoredValue(value)).toBe(line);
        const stored = encodeStoredValue(line);
        if (wellFormed(line)) expect(decodeStoredValue(stored)).toBe(line);
      }),
      { numRuns: 2000 },
    );
  });

  it('canonical JSON of any data: the stored value gives back the line whose hash the chain holds', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.integer(), { minLength: 200, maxLength: 400 }),
        (data, ints) => {
          const rec = encodeRecord({
            seq: 1,
            round: 2,
            type: 'x',
            at: 3,
            data: { data, ints },
            prevHash: GENESIS_HASH,
          });
          const value = encodeStoredValue(rec.line);
          expect(decodeStoredValue(value)).toBe(rec.line);
          const { hash, ...rest } = JSON.parse(decodeStoredValue(value)) as { hash: string };
          expect(sha256Hex(canonicalJson(rest)!)).toBe(hash);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a ledger in record format 2', () => {
  async function writeRounds(dir: string, recordFormat: 1 | 2) {
    const ledger = await openLedger(dir, { recordFormat });
    for (const round of [1, 2]) {
      await ledger.append('round.tasks', round, { tasks: ['a task', 'another'] });
      await ledger.appendBatch(
        [1, 2, 3].map((miner) => ({
          type: 'round.measurements',
          round,
          data: { hotkey: `hk${miner}`, measurements: measurements(round * 10 + miner, 10, 60) },
        })),
      );
      await ledger.seal(round, signer);
    }
    return ledger;
  }

  it('stores the same lines, hashes and seals as format 1 in a fraction of the bytes', async () => {
    const compact = await writeRounds(await dirs.make(), 2);
    const lines = await exportLines(compact);
    const plain = await openLedger(await dirs.make(), { recordFormat: 1 });
    try {
      const { Readable } = await import('node:stream');
      await plain.importNdjson(Readable.from(lines.map((l) => `${l}\n`)));
      expect(await exportLines(plain)).toEqual(lines);
      expect(plain.head()).toEqual(compact.head());
      for (const l of [compact, plain]) expect(await l.verify()).toMatchObject({ ok: true, records: 10 });
      const compactBytes = (await compact.info()).bytes;
      const plainBytes = (await plain.info()).bytes;
      expect(plainBytes).toBe(lines.reduce((s, l) => s + Buffer.byteLength(l), 0));
      expect(compactBytes * 3).toBeLessThan(plainBytes);
      let n = 0;
      for await (const rec of compact.checkedRecords()) {
        const { hash, ...rest } = rec;
        expect(sha256Hex(canonicalJson(rest)!)).toBe(hash);
        n++;
      }
      expect(n).toBe(10);
    } finally {
      await compact.close();
      await plain.close();
    }
  });

  it('a flipped byte, a cut or an added byte anywhere in a compact value is caught and named', async () => {
    const dir = await dirs.make();
    await (await writeRounds(dir, 2)).close();
    const seq = 6; // a measurements record of round 2
    const original = await withRawBytes(dir, async (db) => (await db.get(recKey(seq)))!);
    expect(original[0]).toBe(FORMAT_2_TAG);
    const verifyWith = async (value: Buffer) => {
      await withRawBytes(dir, (db) => db.put(recKey(seq), value));
      const ledger = await openLedger(dir, { create: false });
      try {
        return await ledger.verify();
      } finally {
        await ledger.close();
      }
    };
    const step = Math.max(1, Math.floor(original.length / 40));
    const damaged: Buffer[] = [
      original.subarray(0, original.length - 1),
      Buffer.concat([original, Buffer.of(0)]),
    ];
    for (let i = 0; i < original.length; i += step) {
      const bytes = Buffer.from(original);
      bytes[i]! ^= 0x01;
      damaged.push(bytes);
    }
    for (const value of damaged) {
      const result = await verifyWith(value);
      expect(result.ok).toBe(false);
      expect(result.firstError).toMatchObject({ seq, code: LedgerErrors.CORRUPT_RECORD.code });
    }
    expect((await verifyWith(original)).ok).toBe(true);
  });
});

/** A format 2 value around any payload (tag, CRC-32, DEFLATE), as a hostile ledger may hold. */
function crafted(payload: Buffer): Buffer {
  const deflated = deflateRawSync(payload, { level: 1 });
  const value = Buffer.alloc(5 + deflated.length);
  value[0] = FORMAT_2_TAG;
  value.writeUInt32BE(crc32(deflated), 1);
  deflated.copy(value, 5);
  return value;
}
function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  return [...out, v];
}
/** Skeleton, then columns given as [numbers, bytes of each] (order 0). */
function payloadOf(skeleton: string, columns: Array<[number, number]>): Buffer {
  const skel = Buffer.from(skeleton, 'utf8');
  const parts = [Buffer.from(varint(skel.length)), skel, Buffer.from(varint(columns.length))];
  for (const [n, byte] of columns) parts.push(Buffer.from(varint(n * 4)), Buffer.alloc(n, byte));
  return Buffer.concat(parts);
}
const refusal = (value: Buffer): unknown => {
  try {
    decodeStoredValue(value);
    return undefined;
  } catch (err) {
    return err;
  }
};

describe('record format 2 from a hostile ledger: bounded work', () => {
  it('a value of a few KB that would decode to a line longer than MAX_FORMAT_2_LINE is refused before it is built', () => {
    // one column of n zero bytes: "[0,0,...]", 2n + 1 characters from a value of ~0.1% of n
    const n = MAX_FORMAT_2_LINE / 2 + 1;
    const value = crafted(payloadOf('{"a":\u0001}', [[n, 0]]));
    expect(value.length).toBeLessThan(64 * 1024);
    const err = refusal(value);
    expect(err).toBeInstanceOf(StoredValueError);
    expect((err as Error).message).toMatch(/longer than/);
    // just inside the limit it decodes
    const m = 1000;
    expect(decodeStoredValue(crafted(payloadOf('{"a":\u0001}', [[m, 0]])))).toBe(
      `{"a":[${Array(m).fill(0).join(',')}]}`,
    );
  });

  it('columns of fewer than 4 numbers (the encoder never writes them; 100,000 empty ones make 100,000 pieces) are refused', () => {
    const many = 100_000;
    const err = refusal(crafted(payloadOf('\u0001'.repeat(many), Array(many).fill([0, 0]))));
    expect(err).toBeInstanceOf(StoredValueError);
    expect((err as Error).message).toMatch(/fewer than 4/);
    expect(refusal(crafted(payloadOf('{"a":\u0001}', [[3, 1]])))).toBeInstanceOf(StoredValueError);
  });

  it('a line longer than MAX_FORMAT_2_LINE is kept as format 1 (a reader never has to build one from format 2)', () => {
    const row = `[${Array.from({ length: 64 }, (_, i) => 1000 + i).join(',')}]`;
    const line = `{"rows":[${Array(Math.ceil(MAX_FORMAT_2_LINE / row.length) + 1)
      .fill(row)
      .join(',')}]}`;
    expect(line.length).toBeGreaterThan(MAX_FORMAT_2_LINE);
    expect(encodeFormat2(line)).toBeUndefined();
    expect(encodeStoredValue(line)[0]).toBe(0x7b);
  });
});

/** The format 2 payload decoder as first written (the skeleton decoded, split at markers, joined with columns). */
function referencePayloadDecode(payload: Buffer): string {
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= payload.length) throw new StoredValueError('the stored value is cut short (format 2)');
      const b = payload[at++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new StoredValueError('a varint is too long (format 2)');
    }
  };
  const skeletonLength = varint();
  if (at + skeletonLength > payload.length)
    throw new StoredValueError('the skeleton is cut short (format 2)');
  const skeleton = payload.toString('utf8', at, at + skeletonLength);
  at += skeletonLength;
  const count = varint();
  let size = skeletonLength - count;
  const pieces: string[] = [];
  let from = 0;
  for (let c = 0; c < count; c++) {
    const marker = skeleton.indexOf('\u0001', from);
    if (marker < 0)
      throw new StoredValueError(`the skeleton has ${c} columns, the value ${count} (format 2)`);
    pieces.push(skeleton.slice(from, marker));
    from = marker + 1;
    const head = varint();
    const order = head % 4;
    const n = (head - order) / 4;
    if (order > 2) throw new StoredValueError(`column ${c} has order ${order} (format 2)`);
    if (n < 4) throw new StoredValueError(`column ${c} has ${n} numbers, fewer than 4 (format 2)`);
    if (n > payload.length - at) throw new StoredValueError(`column ${c} is cut short (format 2)`);
    if (size + 2 * n + 1 > MAX_FORMAT_2_LINE)
      throw new StoredValueError(`the line would be longer than ${MAX_FORMAT_2_LINE} bytes (format 2)`);
    let p1 = 0;
    let p2 = 0;
    const nums = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const z = varint();
      const x = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      const d1 = order === 0 ? x - p1 : order === 1 ? x : x + p2;
      p1 += d1;
      p2 = d1;
      nums[i] = p1;
    }
    const text = `[${nums.join(',')}]`;
    size += text.length;
    if (size > MAX_FORMAT_2_LINE)
      throw new StoredValueError(`the line would be longer than ${MAX_FORMAT_2_LINE} bytes (format 2)`);
    pieces.push(text);
  }
  if (skeleton.indexOf('\u0001', from) >= 0)
    throw new StoredValueError(`the skeleton has more than ${count} columns (format 2)`);
  pieces.push(skeleton.slice(from));
  if (at !== payload.length) throw new StoredValueError('the stored value has trailing bytes (format 2)');
  return pieces.join('');
}

describe('record format 2: the line built as bytes', () => {
  const outcome = (f: () => string) => {
    try {
      return { line: f() };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };

  it('decodes every payload, hostile ones included, to the line (or the refusal) the string decoder gave', () => {
    let x = 7;
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * n);
    };
    // skeleton bytes: ASCII, markers, valid and broken UTF-8 (a 3-byte euro sign, cut or whole), lone continuations
    const pieces = [
      [0x7b],
      [0x22, 0x61, 0x22, 0x3a],
      [0x01],
      [0x01],
      [0xe2, 0x82, 0xac],
      [0xe2],
      [0xe2, 0x82],
      [0x80],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xff],
      [0x7d],
    ];
    const bigs = [0, 1, 2 ** 53 - 1, 2 ** 53 + 1, 2 ** 60, 2 ** 70, 123456789012345];
    for (let run = 0; run < 3000; run++) {
      const skeleton: number[] = [];
      for (let i = rand(12); i > 0; i--) skeleton.push(...pieces[rand(pieces.length)]!);
      const markers = skeleton.filter((b) => b === 0x01).length;
      const count = rand(5) === 0 ? markers + rand(3) - 1 : markers;
      const bytes = [...varint(skeleton.length), ...skeleton, ...varint(Math.max(0, count))];
      for (let c = 0; c < count; c++) {
        const n = rand(8) === 0 ? rand(4) : 4 + rand(12);
        bytes.push(...varint(n * 4 + (rand(10) === 0 ? 3 : rand(3))));
        for (let i = 0; i < n; i++) {
          const r = rand(20);
          if (r === 0)
            bytes.push(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01); // too long
          else if (r === 1) bytes.push(...varint(bigs[rand(bigs.length)]!));
          else bytes.push(...varint(rand(r < 10 ? 100 : 2_000_000)));
        }
      }
      if (rand(10) === 0) bytes.push(rand(256)); // a trailing byte
      const cut = rand(10) === 0 ? rand(bytes.length + 1) : bytes.length;
      const payload = Buffer.from(bytes.slice(0, cut));
      expect(outcome(() => decodeStoredValue(crafted(payload)))).toEqual(
        outcome(() => referencePayloadDecode(payload)),
      );
    }
  });

  it('lines longer than the decoding buffer and many values in a row decode as they were written', () => {
    const row = (i: number) =>
      `[${Array.from({ length: 200 }, (_, j) => i * 1_000_003 + j * 7919 - 500).join(',')}]`;
    for (const rows of [1, 40, 700, 3]) {
      const line = `{"rows":[${Array.from({ length: rows }, (_, i) => row(i)).join(',')}],"text":"\u00e9\u20ac\u{1f600}"}`;
      const value = encodeFormat2(line)!;
      expect(decodeStoredValue(value)).toBe(line);
      expect(decodeStoredValue(value)).toBe(referencePayloadDecode(format2Payload(value)));
    }
  });
});
