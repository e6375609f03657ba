/**
 * Nesting depth of a JSON text, found by one linear scan without parsing: brackets inside strings are
 * skipped. Stops as soon as `limit` is exceeded and returns limit + 1, so hostile input costs at most
 * one pass. Callers check this before JSON.parse: a parse of deep input succeeds, but every recursive
 * walk afterwards (stringify, canonical JSON, schema checks) can overflow the stack.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}

/** Parses JSON whose nesting is at most `maxDepth`; returns undefined for deeper text (parse errors throw). */
export function parseBoundedJson(text: string, maxDepth: number): { value: unknown } | undefined {
  if (jsonDepth(text, maxDepth) > maxDepth) return undefined;
  return { value: JSON.parse(text) as unknown };
}
