/**
 * An ordered, case-insensitive header list. Keeps the names as they were written (for the wire and for
 * PSR-7's `getHeaders()`) and every value, duplicates included (for `Wechatpay-*` headers we use the first).
 */
/** Header pairs in order; duplicates are kept. The wire format too: transport/ sends and receives these. */
export type HeaderPairs = Array<[name: string, value: string]>;

export type HeaderInput = Record<string, string | number | readonly string[] | undefined | null> | HeaderPairs;

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

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.#pairs.some(([n]) => n.toLowerCase() === key);
  }

  /** Every value of `name`, in order. */
  get(name: string): string[] {
    const key = name.toLowerCase();
    const values: string[] = [];
    for (const [n, v] of this.#pairs) if (n.toLowerCase() === key) values.push(v);
    return values;
  }

  /** The first value of `name`, or undefined. */
  first(name: string): string | undefined {
    const key = name.toLowerCase();
    for (const [n, v] of this.#pairs) if (n.toLowerCase() === key) return v;
    return undefined;
  }

  /** A copy with `name` replaced by `value` (kept in the position of its first occurrence). */
  with(name: string, value: string | readonly string[]): Headers {
    const key = name.toLowerCase();
    const values = typeof value === 'string' ? [value] : [...value];
    const at = this.#pairs.findIndex(([n]) => n.toLowerCase() === key);
    const rest = this.#pairs.filter(([n]) => n.toLowerCase() !== key);
    const added: HeaderPairs = values.map((v) => [name, v]);
    rest.splice(at === -1 ? rest.length : at, 0, ...added);
    return new Headers(rest);
  }

  withAdded(name: string, value: string): Headers {
    return new Headers([...this.#pairs, [name, value]]);
  }

  without(name: string): Headers {
    const key = name.toLowerCase();
    return new Headers(this.#pairs.filter(([n]) => n.toLowerCase() !== key));
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

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.pairs()[Symbol.iterator]();
  }
}
