import { Level } from 'level';
import { decodeStoredValue, encodeStoredValue, FORMAT_2_TAG } from '../codec.js';

/**
 * Rewrites stored records the way a tamperer with the ledger directory would (the ledger must be closed):
 * `edit` gets each record's JSON line and returns the line to store instead, or undefined to leave it. The
 * new line is stored in the record's own format (plain, or format 2 when it was), index entries and hashes
 * untouched. Returns the seqs of the records changed.
 */
export async function editStoredLines(
  dir: string,
  edit: (line: string, seq: number) => string | undefined,
): Promise<number[]> {
  const db = new Level<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
  await db.open();
  const changed: number[] = [];
  try {
    for await (const [key, value] of db.iterator({ gte: '!rec!', lt: '!rec"' })) {
      const seq = Number(key.slice('!rec!'.length));
      const line = edit(decodeStoredValue(value), seq);
      if (line === undefined) continue;
      const encoded = encodeStoredValue(line, value[0] === FORMAT_2_TAG ? 2 : 1);
      await db.put(key, encoded);
      changed.push(seq);
    }
  } finally {
    await db.close();
  }
  return changed;
}
