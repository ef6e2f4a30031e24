/**
 * An ordered, case-insensitive header list. Keeps the names as they were written (for the wire and for
 * PSR-7's `getHeaders()`) and every value, duplicates included (for `Wechatpay-*` headers we use the first).
 */
/** Header pairs in order; duplicates are kept. The wire format too: transport/ sends and receives these. */
export type HeaderPairs = Array<[name: string, value: string]>;

/** Header pairs that are only read: a request's own pairs, handed to the transport without copies. */
export type ReadonlyHeaderPairs = ReadonlyArray<readonly [name: string, value: string]>;

export type HeaderInput = Record<string, string | number | readonly string[] | undefined | null> | HeaderPairs;

/** Set by Headers' static block: see `readonlyPairsOf`. */
let pairsOf: (headers: Headers) => ReadonlyHeaderPairs;

export class Headers {
  readonly #pairs: HeaderPairs;

  private constructor(pairs: HeaderPairs) {
    this.#pairs = pairs;
  }

  static from(input?: HeaderInput | Headers): Headers {
    if (input instanceof Headers) return input;
    const pairs: HeaderPairs = [];
    if (Array.isArray(input)) {
      for (const [name, value] of input) pairs.push([name, String(value)]);
    } else if (input) {
      for (const [name, value] of Object.entries(input)) {
        if (value === undefined || value === null) continue;
        if (Array.isArray(value)) for (const v of value) pairs.push([name, String(v)]);
        else pairs.push([name, String(value)]);
      }
    }
    return new Headers(pairs);
  }

  /** A list over `pairs` themselves, no copy: for pairs of strings made for this list alone (the transport's answer). */
  static adopt(pairs: HeaderPairs): Headers {
    return new Headers(pairs);
  }

  has(name: string): boolean {
    return this.first(name) !== undefined;
  }

  /** Every value of `name`, in order. */
  get(name: string): string[] {
    const key = name.toLowerCase();
    const values: string[] = [];
    for (const [n, v] of this.#pairs) if (sameName(n, key)) values.push(v);
    return values;
  }

  /** The first value of `name`, or undefined. */
  first(name: string): string | undefined {
    const key = name.toLowerCase();
    for (const [n, v] of this.#pairs) if (sameName(n, key)) return v;
    return undefined;
  }

  /** A copy with `name` replaced by `value` (kept in the position of its first occurrence). */
  with(name: string, value: string | readonly string[]): Headers {
    const key = name.toLowerCase();
    const values = typeof value === 'string' ? [value] : value;
    const pairs: HeaderPairs = [];
    let placed = false;
    for (const pair of this.#pairs) {
      if (!sameName(pair[0], key)) pairs.push(pair); // pairs are never changed in place, so they can be shared
      else if (!placed) placed = pushAll(pairs, name, values);
    }
    if (!placed) pushAll(pairs, name, values);
    return new Headers(pairs);
  }

  withAdded(name: string, value: string): Headers {
    return new Headers([...this.#pairs, [name, value]]);
  }

  without(name: string): Headers {
    const key = name.toLowerCase();
    return new Headers(this.#pairs.filter(([n]) => !sameName(n, key)));
  }

  /** Adds each header of `defaults` that this list lacks (case-insensitive), as Guzzle does with client defaults. */
  withDefaults(defaults: Headers): Headers {
    const missing = defaults.#pairs.filter(([n]) => !this.has(n));
    return missing.length === 0 ? this : new Headers([...missing, ...this.#pairs]);
  }

  /** PSR-7 shape: original-case name → values. Names differing only in case are merged under the first spelling. */
  toRecord(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const spelling = new Map<string, string>();
    for (const [n, v] of this.#pairs) {
      const key = n.toLowerCase();
      const name = spelling.get(key) ?? n;
      spelling.set(key, name);
      (out[name] ??= []).push(v);
    }
    return out;
  }

  pairs(): HeaderPairs {
    return this.#pairs.map(([n, v]) => [n, v]);
  }

  static {
    pairsOf = (headers) => headers.#pairs;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.pairs()[Symbol.iterator]();
  }
}

/**
 * The pairs of `headers` themselves, not copies, for a reader that changes nothing: the transport (the sync
 * bridge copies them to its worker anyway). Not a method, so the public class offers no way to its insides.
 */
export function readonlyPairsOf(headers: Headers): ReadonlyHeaderPairs {
  return pairsOf(headers);
}

/**
 * Whether header name `name` is `lowerCased` (already lower case), comparing lengths, then the last
 * characters, before lower-casing a copy: `Wechatpay-Signature` and `wechatpay-timestamp` are told apart
 * without one. (At equal lengths lower-casing maps character to character, and an ASCII character alone.)
 */
function sameName(name: string, lowerCased: string): boolean {
  if (name.length !== lowerCased.length) return false;
  if (name === lowerCased) return true;
  const last = name.charCodeAt(name.length - 1);
  if (last < 0x80 && asciiLowerCase(last) !== lowerCased.charCodeAt(name.length - 1)) return false;
  return name.toLowerCase() === lowerCased;
}

function asciiLowerCase(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

function pushAll(pairs: HeaderPairs, name: string, values: readonly string[]): true {
  for (const value of values) pairs.push([name, value]);
  return true;
}
