/**
 * The image references janus-bench's image check looks for, found in linear time. Each function returns
 * what text.matchAll(RE) gives for its regex (the capture the check uses), but the regexes themselves
 * rescan to the end of the text from every start that fails, which is quadratic in a miner's text:
 *   DATA_RE = /data:image\/([^;]+);base64,([A-Za-z0-9+/=]+)/g
 *   MD_RE   = /!\[[^\]]*\]\((https?:\/\/[^)]+)\)/g
 *   URL_RE  = /https?:\/\/[^\s]+\.(?:png|jpg|jpeg|webp|gif)/gi
 */

/** DATA_RE's first capture (the format) of every match. */
export function dataUrlFormats(text: string): string[] {
  const out: string[] = [];
  const PREFIX = 'data:image/';
  const TAIL = /;base64,[A-Za-z0-9+/=]+/y;
  let from = 0;
  let failedAt = -1;
  for (;;) {
    const p = text.indexOf(PREFIX, from);
    if (p < 0) break;
    // [^;]+ runs to the first ';' after the prefix (at least one character before it)
    const q = text.indexOf(';', p + PREFIX.length);
    if (q < 0) break;
    if (q > p + PREFIX.length && q !== failedAt) {
      TAIL.lastIndex = q;
      if (TAIL.exec(text)) {
        out.push(text.slice(p + PREFIX.length, q));
        from = TAIL.lastIndex;
        continue;
      }
      failedAt = q; // every later start whose run ends at this ';' fails the same way
    }
    from = p + 1;
  }
  return out;
}

/** MD_RE's capture (the URL) of every match. */
export function markdownImageUrls(text: string): string[] {
  const out: string[] = [];
  const TAIL = /\((https?:\/\/[^)]+)\)/y;
  let from = 0;
  let failedAt = -1;
  for (;;) {
    const p = text.indexOf('![', from);
    if (p < 0) break;
    // [^\]]* runs to the first ']' after "!["
    const q = text.indexOf(']', p + 2);
    if (q < 0) break;
    if (q !== failedAt) {
      TAIL.lastIndex = q + 1;
      const m = TAIL.exec(text);
      if (m) {
        out.push(m[1]!);
        from = TAIL.lastIndex;
        continue;
      }
      failedAt = q;
    }
    from = p + 1;
  }
  return out;
}

/** URL_RE's whole match for every match: at most one per run of non-space characters. */
export function imageUrls(text: string): string[] {
  const out: string[] = [];
  for (const run of text.matchAll(/\S+/g)) {
    const s = run[0];
    const start = /https?:\/\//i.exec(s);
    if (!start) continue;
    // [^\s]+ (one character or more) is greedy: the match ends at the last extension after it
    let end = -1;
    for (const ext of s.matchAll(/\.(?:png|jpg|jpeg|webp|gif)/gi))
      if (ext.index > start.index + start[0].length) end = ext.index + ext[0].length;
    if (end >= 0) out.push(s.slice(start.index, end));
  }
  return out;
}
