import { describe, expect, it } from 'vitest';
import { dataUrlFormats, imageUrls, markdownImageUrls } from './image-refs.js';

// the regexes janus-bench's image check uses: the oracle our linear scans must agree with
const DATA_RE = /data:image\/([^;]+);base64,([A-Za-z0-9+/=]+)/g;
const MD_RE = /!\[[^\]]*\]\((https?:\/\/[^)]+)\)/g;
const URL_RE = /https?:\/\/[^\s]+\.(?:png|jpg|jpeg|webp|gif)/gi;

const PIECES = [
  'data:image/',
  'png',
  ';',
  'base64,',
  'QUJD',
  '=',
  '![',
  ']',
  '(',
  ')',
  'http://',
  'HTTPS://',
  'x',
  ' ',
  '.png',
  '.JPEG',
  '.gif',
  '/',
  '!',
  '[',
  '\n',
];

describe('image references in an answer', () => {
  it('are the matches of the janus-bench regexes', () => {
    let seed = 17;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 30_000; i++) {
      const text = Array.from(
        { length: Math.floor(rnd() * 12) },
        () => PIECES[Math.floor(rnd() * PIECES.length)],
      ).join('');
      expect(dataUrlFormats(text), text).toEqual([...text.matchAll(DATA_RE)].map((m) => m[1]));
      expect(markdownImageUrls(text), text).toEqual([...text.matchAll(MD_RE)].map((m) => m[1]));
      expect(imageUrls(text), text).toEqual([...text.matchAll(URL_RE)].map((m) => m[0]));
    }
  });

  it('are found in texts on which the regexes take seconds (unclosed prefixes repeated 10,000s of times)', () => {
    expect(markdownImageUrls(`${'!['.repeat(50_000)}](http://x/a.png)`)).toEqual(['http://x/a.png']);
    expect(dataUrlFormats(`${'data:image/'.repeat(20_000)};base64,QUJD`)).toHaveLength(1);
    expect(imageUrls(`${'http://'.repeat(15_000)}a.png`)).toHaveLength(1);
    expect(markdownImageUrls(`${'![x]'.repeat(25_000)}(y`)).toEqual([]);
  });
});
