/**
 * Where claimed notification ids live (notify/replay-claim.ts says when an id is claimed). Async-capable,
 * so a shared store (Redis, a database) fits the same shape: `remember` is Redis's `SET key 1 NX EX ttl`
 * (true when it answered OK), `forget` is `DEL key`.
 */
export interface ReplayStore {
  /** Records `id` for `ttlSeconds` unless already present, atomically. True when recorded now (the caller owns it). */
  remember(id: string, ttlSeconds: number): boolean | Promise<boolean>;
  /** Drops `id`, so the next delivery of that notification is processed again. */
  forget(id: string): void | Promise<void>;
}
