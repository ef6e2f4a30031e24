/**
 * Replay protection: the ids of notifications already accepted, so a retried (or twice-delivered)
 * notification is reported as a duplicate instead of being processed again.
 *
 * When is an id recorded? At parse time, as an atomic claim, after every check has passed. WeChat Pay
 * documents that one notification may arrive twice within a second over two network paths; only a
 * claim taken before processing stops both copies from being processed in parallel (recording after
 * processing, via an `acknowledge(id)`, would let both through). The cost: when processing then fails,
 * the handler must `forget(id)` before answering failure, or WeChat Pay's retry would be answered as a
 * duplicate. A process that dies between the two leaves the id claimed until its TTL ends; merchants
 * are told to reconcile by querying the order anyway, which covers that rare case.
 *
 * Only verified notifications are recorded, so forged traffic cannot claim a real id ahead of time.
 */
import { InvalidArgumentException } from '../errors';
import { ExpiryMap } from '../stores/expiry-map';
import type { ReplayStore } from '../stores/replay-store';

export type { ReplayStore };

/** WeChat Pay retries for 24 h 4 min (15 s … 6 h); a day and a bit more covers the last retry. */
export const DEFAULT_REPLAY_TTL_SECONDS = 25 * 3600;
const DEFAULT_MAX_ENTRIES = 100_000;

export interface MemoryReplayStoreOptions {
  /** Most ids kept; beyond it the oldest claims are dropped first. Default 100 000. */
  readonly maxEntries?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/**
 * The default store: one process's memory. Bounded, so a flood of valid notifications cannot grow it
 * without limit (when full, the oldest claim goes: a very old retry could then be processed twice,
 * which is the price of the bound). For several server processes, use a shared store.
 */
export class MemoryReplayStore implements ReplayStore {
  /** id → true, oldest claim first. */
  readonly #claims: ExpiryMap<true>;

  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new InvalidArgumentException(`MemoryReplayStore: maxEntries must be a positive integer, got ${maxEntries}.`);
    }
    this.#claims = new ExpiryMap(options.now ?? Date.now, maxEntries);
  }

  remember(id: string, ttlSeconds: number = DEFAULT_REPLAY_TTL_SECONDS): boolean {
    return this.#claims.setIfAbsent(id, true, ttlSeconds);
  }

  forget(id: string): void {
    this.#claims.delete(id);
  }

  get size(): number {
    return this.#claims.size;
  }
}
