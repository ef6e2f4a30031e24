/**
 * Keys with an absolute expiry, oldest first: the one map behind `MemoryStore` and `MemoryReplayStore`.
 * A Map iterates in insertion order, so every write moves its key to the young end and a sweep can stop
 * at the first live entry. Bounded when asked: while full, the oldest entries go first.
 */
export class ExpiryMap<V> {
  readonly #entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(now: () => number, maxEntries = Infinity) {
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  /** The live value under `key`; an expired entry is dropped on the way. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Stores `value` until `ttlSeconds` from now (`undefined`: no expiry). */
  set(key: string, value: V, ttlSeconds: number | undefined): void {
    const now = this.#now();
    this.#entries.delete(key);
    this.#sweep(now);
    this.#entries.set(key, { value, expiresAt: ttlSeconds === undefined ? Infinity : now + ttlSeconds * 1000 });
  }

  /** `set` only when `key` holds no live value; true when it was set now (Redis's `SET NX`). */
  setIfAbsent(key: string, value: V, ttlSeconds: number | undefined): boolean {
    if (this.get(key) !== undefined) return false;
    this.set(key, value, ttlSeconds);
    return true;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drops expired entries from the old end, then the oldest ones while full. */
  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now && this.#entries.size < this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
