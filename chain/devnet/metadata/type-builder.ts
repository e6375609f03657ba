/**
 * Builds a scale-info portable type registry (the `lookup` of metadata v14/v15) by hand.
 * Each `add` returns the type id; identical definitions are de-duplicated so ids stay stable.
 */

export interface SiField {
  name?: string;
  type: number;
  typeName?: string;
}

export interface SiVariant {
  name: string;
  index: number;
  fields: SiField[];
}

export type SiDef =
  | { Primitive: 'Bool' | 'Char' | 'Str' | 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'I16' }
  | { Composite: { fields: SiField[] } }
  | { Variant: { variants: SiVariant[] } }
  | { Sequence: { type: number } }
  | { Array: { len: number; type: number } }
  | { Tuple: number[] }
  | { Compact: { type: number } };

export interface SiParam {
  name: string;
  type?: number;
}

interface SiTypeJson {
  id: number;
  type: {
    path: string[];
    params: { name: string; type: number | null }[];
    def: unknown;
    docs: string[];
  };
}

const fieldJson = (f: SiField) => ({
  name: f.name ?? null,
  type: f.type,
  typeName: f.typeName ?? null,
  docs: [],
});

function defJson(def: SiDef): unknown {
  if ('Composite' in def) return { Composite: { fields: def.Composite.fields.map(fieldJson) } };
  if ('Variant' in def)
    return {
      Variant: {
        variants: def.Variant.variants.map((v) => ({
          name: v.name,
          fields: v.fields.map(fieldJson),
          index: v.index,
          docs: [],
        })),
      },
    };
  return def;
}

export class TypeBuilder {
  readonly #types: (SiTypeJson | undefined)[] = [];
  readonly #byKey = new Map<string, number>();

  /** Adds a type (or returns the id of an identical one). */
  add(def: SiDef, path: string[] = [], params: SiParam[] = []): number {
    const key = JSON.stringify([path, params, def]);
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const id = this.#types.length;
    this.#types.push(undefined);
    this.#set(id, def, path, params);
    this.#byKey.set(key, id);
    return id;
  }

  /** Reserves an id for a recursive type (RuntimeCall holds Vec<RuntimeCall>); fill it with `define`. */
  reserve(): number {
    this.#types.push(undefined);
    return this.#types.length - 1;
  }

  define(id: number, def: SiDef, path: string[] = [], params: SiParam[] = []): void {
    if (this.#types[id] !== undefined) throw new Error(`type ${id} is already defined`);
    this.#set(id, def, path, params);
  }

  #set(id: number, def: SiDef, path: string[], params: SiParam[]): void {
    this.#types[id] = {
      id,
      type: {
        path,
        params: params.map((p) => ({ name: p.name, type: p.type ?? null })),
        def: defJson(def),
        docs: [],
      },
    };
  }

  primitive(name: 'Bool' | 'Str' | 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'I16'): number {
    return this.add({ Primitive: name });
  }
  compact(type: number): number {
    return this.add({ Compact: { type } });
  }
  vec(type: number): number {
    return this.add({ Sequence: { type } });
  }
  array(len: number, type: number): number {
    return this.add({ Array: { len, type } });
  }
  tuple(...types: number[]): number {
    return this.add({ Tuple: types });
  }
  composite(path: string, fields: SiField[], params: SiParam[] = []): number {
    return this.add({ Composite: { fields } }, path ? path.split('::') : [], params);
  }
  variant(path: string, variants: SiVariant[], params: SiParam[] = []): number {
    return this.add({ Variant: { variants } }, path.split('::'), params);
  }

  /** The `types` array of a PortableRegistry, as accepted by @polkadot/types. */
  portable(): SiTypeJson[] {
    return this.#types.map((t, id) => {
      if (!t) throw new Error(`type ${id} was reserved but never defined`);
      return t;
    });
  }
}

/** Shorthand for a variant list whose fields are unnamed or named `[name, type, typeName]` triples. */
export function variants(list: [string, number, [string | undefined, number, string?][]?][]): SiVariant[] {
  return list.map(([name, index, fields = []]) => ({
    name,
    index,
    fields: fields.map(([n, type, typeName]) => ({
      ...(n === undefined ? {} : { name: n }),
      type,
      ...(typeName === undefined ? {} : { typeName }),
    })),
  }));
}
