/**
 * Key layout (keys UTF-8; values UTF-8 except !rec!):
 *   !rec!<seq>              the stored value of record seq: its JSON line, plain or encoded (codec.ts)
 *   !round!<round>!<seq>    round index; value = byte length of the stored value
 *   !type!<type>!<seq>      type index; value empty
 *   !meta!head              {"hash","round","seq","type"} of the last record
 *   !meta!origin            {"prevHash","seq"} of the first record
 * Numbers are zero-padded to 16 digits (any safe integer) so keys sort in numeric order.
 */
export function pad(n: number): string {
  return String(n).padStart(16, '0');
}

/** `<prefix>!<seq>`: prefix is the padded round (round index) or the type (type index). */
export function indexKey(prefix: string, seq: number): string {
  return `${prefix}!${pad(seq)}`;
}

export function seqOfIndexKey(key: string): number {
  return Number(key.slice(key.lastIndexOf('!') + 1));
}

/** Every index key with this prefix, optionally limited to a seq range. */
export function prefixRange(
  prefix: string,
  fromSeq = 0,
  toSeq = Number.MAX_SAFE_INTEGER,
): { gte: string; lte: string } {
  return { gte: indexKey(prefix, fromSeq), lte: indexKey(prefix, toSeq) };
}
