/** The default store: this process's memory. Each instance is its own, never a module-level singleton. */
import { InvalidArgumentException } from '../errors';
import { ExpiryMap } from './expiry-map';
import type { KeyValueStore } from './key-value-store';

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export class MemoryStore implements KeyValueStore {
  readonly #entries: ExpiryMap<string>;

  constructor(options: MemoryStoreOptions = {}) {
    this.#entries = new ExpiryMap(options.now ?? Date.now);
  }

  get(key: string): string | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: string, ttlSeconds?: number): void {
    checkTtl(ttlSeconds);
    this.#entries.set(key, value, ttlSeconds);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/** A store TTL is a positive number of seconds; absent means no expiry. */
export function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds !== undefined && (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)) {
    throw new InvalidArgumentException(`A store TTL must be a positive number of seconds, got ${ttlSeconds}.`);
  }
}

/** Absolute expiry in ms; `Infinity` without a TTL. For the stores that keep their own expiry (FileStore). */
export function expiryOf(ttlSeconds: number | undefined, now: number): number {
  checkTtl(ttlSeconds);
  return ttlSeconds === undefined ? Infinity : now + ttlSeconds * 1000;
}
