/**
 * A Map bounded by count that forgets its least recently used entry first. For what is costly to keep for
 * every one of thousands of merchants but cheap to rebuild: what is in use stays, what idles goes.
 */
export class RecentlyUsed<K, V> {
  /** Least recently used first: a Map iterates in insertion order, and a use re-inserts. */
  readonly #map = new Map<K, V>();
  #capacity: number;
  /** The last key used: a busy key used again and again skips the re-insertion. */
  #newest: K | undefined;

  constructor(capacity: number) {
    this.#capacity = checkedCapacity(capacity);
  }

  /** The value, now the most recently used; undefined when it was never set or has been forgotten. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && this.#newest !== key) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /** Whether `key` is held, without counting as a use. */
  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Sets `value` as the most recently used, forgetting the least recently used past the capacity; returns `value`. */
  set(key: K, value: V): V {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    this.#trim();
    return value;
  }

  delete(key: K): boolean {
    if (this.#newest === key) this.#newest = undefined;
    return this.#map.delete(key);
  }

  get size(): number {
    return this.#map.size;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** A smaller capacity forgets the least recently used entries at once. */
  set capacity(count: number) {
    this.#capacity = checkedCapacity(count);
    this.#trim();
  }

  #trim(): void {
    for (const key of this.#map.keys()) {
      if (this.#map.size <= this.#capacity) return;
      this.delete(key);
    }
  }
}

function checkedCapacity(count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`The capacity must be a positive integer, got ${String(count)}.`);
  return count;
}
