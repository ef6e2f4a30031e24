/**
 * A Map that forgets its oldest entries past a capacity. Chain nodes are cached so repeated lookups are
 * cheap, but ids in paths are unbounded (a million openids), so the cache must be too.
 */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): V {
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.#map.size;
  }
}
