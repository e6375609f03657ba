import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetErrors } from '../errors.js';
import { Canvas } from './canvas.js';
import { zlibCompress } from './deflate.js';
import { glyph } from './font.js';
import { findDataUrlImages, inspectImage, pngDataUrl, sniffFormat } from './inspect.js';
import { parseJpeg } from './jpeg.js';
import { decodePng, encodePngIndexed, encodePngRgba } from './png.js';
import { parseWebp } from './webp.js';

// Fixtures made with ImageMagick 6 and cwebp; hashes are of `convert FILE -depth 8 rgba:-`.
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('deflate', () => {
  it('round-trips through zlib inflate, empty to incompressible', () => {
    const random = new Uint8Array(70_000);
    let x = 12345;
    for (let i = 0; i < random.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      random[i] = x >>> 24;
    }
    const repetitive = new Uint8Array(100_000).map((_, i) => (i % 97) & 0xff);
    for (const data of [new Uint8Array(0), Uint8Array.of(7), random, repetitive]) {
      expect(Buffer.compare(inflateSync(zlibCompress(data)), Buffer.from(data))).toBe(0);
    }
    expect(zlibCompress(repetitive).length).toBeLessThan(2_000);
  });

  // Golden hashes: task images are part of the tasks validators and auditors regenerate, so the
  // encoder's bytes must never change silently (a change needs a new generator version).
  it('gives the committed bytes for a fixed input', () => {
    const data = new Canvas(64, 64).circle(32, 32, 20, 'red').pixels;
    expect(sha(zlibCompress(data))).toBe('a28ece738b34204b743bf6905181a7501062937f49acf92f5ff63c1a380bd2d7');
    const png = new Canvas(40, 30).rect(5, 5, 10, 10, 'blue').circle(28, 15, 8, 'green').toPng();
    expect(sha(png)).toBe('c0526db3262592afa996b4fc926f17bfff67cc05e03c5f4d0067cd32ecd3eff3');
  });
});

describe('PNG', () => {
  it('encodes palette and RGBA images that decode to the same pixels', () => {
    const c = new Canvas(40, 30).rect(5, 5, 10, 10, 'blue').circle(28, 15, 8, 'green');
    const decoded = decodePng(c.toPng());
    expect([decoded.width, decoded.height, decoded.colorType]).toEqual([40, 30, 3]);
    expect([...decoded.rgba.subarray((7 * 40 + 7) * 4, (7 * 40 + 7) * 4 + 4)]).toEqual([30, 70, 220, 255]);
    const rgba = new Uint8Array(17 * 9 * 4).map((_, i) => (i * 31) & 0xff);
    expect(Buffer.compare(Buffer.from(decodePng(encodePngRgba(17, 9, rgba)).rgba), Buffer.from(rgba))).toBe(
      0,
    );
    const palette = encodePngIndexed(
      2,
      1,
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      Uint8Array.of(1, 0),
    );
    expect([...decodePng(palette).rgba]).toEqual([4, 5, 6, 255, 1, 2, 3, 255]);
  });

  it.each([
    ['bilevel.png', 'dc6a17c9570845b5667fe6faa1361f05e471f5ab033213aec9b26acc0aab8849'],
    ['palette4.png', '52271d2987f354edebbeff2f3de95b90620ba2968de5b87965b60d04579b1ca7'],
    ['rgb8.png', '298383a4014e538da8103c12d03432038d95b6ff4975595f449bdb25a3a71a19'],
    ['rgba-interlaced.png', '8472ead66d0168b137d72c2b4893b759639ecd31ae2cc18d8881176dad3db8bf'],
  ])('decodes %s exactly as ImageMagick does', (name, hash) => {
    expect(sha(decodePng(fixture(name)).rgba)).toBe(hash);
  });

  it('decodes a 16-bit interlaced grey image within one level of ImageMagick (16 to 8 bit rounding differs)', () => {
    const mine = decodePng(fixture('gray16-interlaced.png')).rgba;
    const theirs = fixture('gray16-interlaced.rgba');
    expect(mine.length).toBe(theirs.length);
    expect(Math.max(...mine.map((v, i) => Math.abs(v - theirs[i]!)))).toBeLessThanOrEqual(1);
  });

  it('refuses corrupt files with a reason', () => {
    const good = new Canvas(8, 8).toPng();
    const badCrc = good.slice();
    badCrc[30] = (badCrc[30]! + 1) & 0xff;
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, good.length - 12), /missing IEND/],
      [badCrc, /CRC mismatch/],
      [Uint8Array.of(1, 2, 3), /bad signature/],
    ];
    for (const [bytes, why] of cases) {
      try {
        decodePng(bytes);
        expect.unreachable();
      } catch (err) {
        expect(DatasetErrors.BAD_IMAGE.is(err)).toBe(true);
        expect((err as Error).message).toMatch(why);
      }
    }
  });
});

describe('JPEG and WebP structure', () => {
  it('reads size and kind of real files', () => {
    expect(parseJpeg(fixture('baseline.jpg'))).toMatchObject({
      width: 37,
      height: 21,
      components: 3,
      progressive: false,
    });
    expect(parseJpeg(fixture('progressive.jpg'))).toMatchObject({ width: 33, height: 17, progressive: true });
    expect(parseWebp(fixture('lossy.webp'))).toMatchObject({ width: 30, height: 18, kind: 'lossy' });
    expect(parseWebp(fixture('lossless.webp'))).toMatchObject({ width: 40, height: 24, kind: 'lossless' });
    expect(parseWebp(fixture('alpha.webp'))).toMatchObject({ width: 26, height: 14, kind: 'extended' });
  });

  it('refuses truncated files', () => {
    const jpg = fixture('baseline.jpg');
    expect(() => parseJpeg(jpg.subarray(0, jpg.length - 2))).toThrow(/EOI/);
    expect(() => parseJpeg(jpg.subarray(0, 300))).toThrow();
    const webp = fixture('lossy.webp');
    expect(() => parseWebp(webp.subarray(0, webp.length - 4))).toThrow(/RIFF size/);
  });

  it('inspects by magic bytes and never throws', () => {
    expect(sniffFormat(fixture('lossy.webp'))).toBe('webp');
    expect(inspectImage(fixture('baseline.jpg'))).toMatchObject({
      ok: true,
      info: { format: 'jpeg', width: 37 },
    });
    expect(inspectImage(Uint8Array.of(0xff, 0xd8, 0xff))).toMatchObject({ ok: false, format: 'jpeg' });
    expect(inspectImage(new TextEncoder().encode('GIF89a'))).toMatchObject({ ok: false, format: undefined });
  });
});

describe('drawing', () => {
  it('draws text in the bitmap font and finds inline images in text', () => {
    expect(glyph('a')).toEqual(glyph('A'));
    const card = new Canvas(Canvas.textWidth('HI', 2) + 4, 20).text(2, 2, 'HI', 2, 'black');
    // The H's left column is on at every row of the glyph.
    for (let y = 2; y < 16; y++) expect(card.colorAt(2, y)).toBe('black');
    const url = pngDataUrl(card.toPng());
    const found = findDataUrlImages(`look: ![x](${url}) done`);
    expect(found).toHaveLength(1);
    expect(inspectImage(found[0]!.bytes)).toMatchObject({
      ok: true,
      info: { width: card.width, height: 20 },
    });
  });
});
