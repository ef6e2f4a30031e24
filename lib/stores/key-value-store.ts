/**
 * Where state shared between processes lives: a small string key/value interface that memory, a
 * directory and Redis all fit. Methods may answer synchronously or with a Promise; callers await either.
 */
export interface KeyValueStore {
  /** The value under `key`, or undefined when absent or expired. */
  get(key: string): string | undefined | Promise<string | undefined>;
  /** Stores `value` under `key`, replacing any; `ttlSeconds` bounds its life (absent: no expiry). */
  set(key: string, value: string, ttlSeconds?: number): void | Promise<void>;
  /** Removes `key`. */
  delete(key: string): void | Promise<void>;
}

/** Names of keys we write, so one Redis database or directory can serve several merchants and uses. */
export const STORE_PREFIX = 'wechatpay-ts:';
