/**
 * A Map that forgets its oldest entries past a capacity. Chain nodes are cached so repeated lookups are
 * cheap, but ids in paths are unbounded (a million openids), so the cache must be too.
 */
export class BoundedCache<K, V> {
  /** Made on the first `set`: an empty Map costs a few hundred bytes, times thousands of idle merchants. */
  #map: Map<K, V> | undefined;
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: K): V | undefined {
    return this.#map?.get(key);
  }

  set(key: K, value: V): V {
    const map = (this.#map ??= new Map());
    map.set(key, value);
    if (map.size > this.#capacity) map.delete(map.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.#map?.size ?? 0;
  }
}
