/** The default store: this process's memory. Each instance is its own, never a module-level singleton. */
import { InvalidArgumentException } from '../errors';
import type { KeyValueStore } from './key-value-store';

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export class MemoryStore implements KeyValueStore {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: string, ttlSeconds?: number): void {
    this.#entries.set(key, { value, expiresAt: expiryOf(ttlSeconds, this.#now()) });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/** Absolute expiry in ms; `Infinity` without a TTL. Shared by the stores that keep their own expiry. */
export function expiryOf(ttlSeconds: number | undefined, now: number): number {
  if (ttlSeconds === undefined) return Infinity;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new InvalidArgumentException(`A store TTL must be a positive number of seconds, got ${ttlSeconds}.`);
  return now + ttlSeconds * 1000;
}
