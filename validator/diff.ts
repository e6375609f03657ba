/** The first place two JSON-like values differ, as a path and a short description; undefined when equal. */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = '$',
): { path: string; detail: string } | undefined {
  if (Object.is(a, b)) return undefined;
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'undefined' : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  };
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return { path, detail: `recorded ${show(a)}, recomputed ${show(b)}` };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length)
      return { path: `${path}.length`, detail: `recorded ${a.length}, recomputed ${b.length}` };
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
  for (const k of keys) {
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/**
 * True only when JSON.parse(JSON.stringify(x)) of both values is the same, checked without serializing: equal
 * primitives (finite numbers), arrays of the same length, plain objects with the same members once undefined
 * ones are left out. Anything else (NaN, toJSON, class instances, undefined in an array) answers false, and the
 * caller compares the JSON forms instead; so true is always right, false only means "look closer".
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || typeof a === 'string' || typeof a === 'boolean') return a === b;
  if (typeof a === 'number') return a === b && Number.isFinite(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === undefined || !sameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (Array.isArray(b) || !plainObject(a) || !plainObject(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let members = 0;
  for (const k of Object.keys(ao)) {
    const v = ao[k];
    if (v === undefined) continue;
    members++;
    if (!Object.hasOwn(bo, k) || !sameJson(v, bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) members--;
  return members === 0;
}

function plainObject(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null) && !('toJSON' in o);
}
