/**
 * Redis as the store a fleet shares: one certificate download for every app server, and one set of seen
 * notification ids (the notification replay guard). Built on ioredis, an optional peer dependency loaded
 * only when a store is created from a URL: it ships its own types and has Cluster and Sentinel behind the
 * same command interface. A client you built yourself (`new Redis(…)`, `new Redis.Cluster(…)`) can be
 * handed in instead.
 *
 * A store made from a URL fails fast: a Redis outage must surface within a caller's budget (a notification
 * answered 500 so WeChat Pay retries it), not after ioredis's defaults have queued and retried for minutes.
 * So no offline queue, one retry per command, a command timeout, and a bounded wait for the connection.
 */
import { InvalidArgumentException } from '../errors';
import type { ReplayStore } from './replay-store';
import { STORE_PREFIX, type KeyValueStore } from './key-value-store';

/** What the store needs of a Redis client: ioredis's `Redis` and `Cluster` both fit. */
export interface RedisCommandClient {
  call(command: string, args: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** A ready client; it stays yours to close. */
  readonly client?: RedisCommandClient;
  /** Or a URL (`redis://host:6379/0`, `rediss://…`): the store connects with ioredis and closes it in close(). */
  readonly url?: string;
  /** ioredis options for a store made from `url` (timeouts, TLS, retry strategy). */
  readonly redisOptions?: Readonly<Record<string, unknown>>;
  /** Prepended to every key. Default `wechatpay-ts:`. */
  readonly prefix?: string;
}

/** Replay claims live under their own prefix, apart from the key/value entries. */
const REPLAY_PREFIX = 'notification:';

/** Milliseconds a command, or the wait for a connection, may take before the store reports Redis unreachable. */
const FAIL_FAST_MS = 2_000;

/** ioredis options of a store made from a URL; `redisOptions` may override each. */
export const FAIL_FAST_REDIS_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: FAIL_FAST_MS,
  connectTimeout: FAIL_FAST_MS,
  retryStrategy: (times: number) => Math.min(times * 200, 1_000),
});

/** The parts of an ioredis client the connection wait reads. */
interface ConnectionState {
  readonly status?: string;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
}

export class RedisStore implements KeyValueStore, ReplayStore {
  readonly #client: RedisCommandClient;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #connectWaitMs: number;
  /** One wait (and one `ready` listener) however many commands arrive while Redis is down. */
  #connecting: Promise<void> | undefined;

  constructor(options: RedisStoreOptions) {
    if (options?.client !== undefined && options.url !== undefined) throw new InvalidArgumentException('RedisStore takes `client` or `url`, not both.');
    if (options?.client !== undefined) {
      if (typeof options.client.call !== 'function') throw new InvalidArgumentException('RedisStore `client` must be an ioredis client (Redis or Cluster).');
      this.#client = options.client;
      this.#owned = false;
    } else if (typeof options?.url === 'string' && options.url !== '') {
      const redisOptions = { ...FAIL_FAST_REDIS_OPTIONS, ...options.redisOptions };
      this.#client = connect(options.url, redisOptions);
      this.#owned = true;
    } else {
      throw new InvalidArgumentException('RedisStore needs `url` (redis://…) or `client` (an ioredis client).');
    }
    this.#prefix = options.prefix ?? STORE_PREFIX;
    const connectTimeout = options.redisOptions?.connectTimeout;
    this.#connectWaitMs = typeof connectTimeout === 'number' && connectTimeout > 0 ? connectTimeout : FAIL_FAST_MS;
  }

  /** Without an offline queue a command sent before the connection is ready fails: wait for it, boundedly. */
  async #call(command: string, args: Array<string | number>): Promise<unknown> {
    const client = this.#client as RedisCommandClient & ConnectionState;
    if (this.#owned && client.status !== undefined && client.status !== 'ready' && client.once && client.off) {
      this.#connecting ??= this.#waitForReady(client).finally(() => (this.#connecting = undefined));
      await this.#connecting;
    }
    return client.call(command, args);
  }

  #waitForReady(client: ConnectionState): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ready = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        client.off!('ready', ready);
        reject(new Error(`Redis is unreachable: no connection within ${this.#connectWaitMs} ms (status ${client.status}).`));
      }, this.#connectWaitMs);
      client.once!('ready', ready);
    });
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#call('GET', [this.#prefix + key]);
    return typeof value === 'string' ? value : undefined;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const expiry = ttlSeconds === undefined ? [] : ['PX', milliseconds(ttlSeconds)];
    await this.#call('SET', [this.#prefix + key, value, ...expiry]);
  }

  async delete(key: string): Promise<void> {
    await this.#call('DEL', [this.#prefix + key]);
  }

  /** `SET key 1 NX PX ttl`: atomic across every process that shares this Redis. */
  async remember(id: string, ttlSeconds: number): Promise<boolean> {
    return (await this.#call('SET', [this.#prefix + REPLAY_PREFIX + id, '1', 'NX', 'PX', milliseconds(ttlSeconds)])) === 'OK';
  }

  async forget(id: string): Promise<void> {
    await this.#call('DEL', [this.#prefix + REPLAY_PREFIX + id]);
  }

  /** Closes the connection this store opened; a client you passed in stays open. */
  async close(): Promise<void> {
    if (!this.#owned) return;
    // QUIT needs a connection; with Redis down, drop the socket instead of waiting for one.
    await this.#client.quit().catch(() => (this.#client as { disconnect?: () => void }).disconnect?.());
  }
}

function milliseconds(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new InvalidArgumentException(`A store TTL must be a positive number of seconds, got ${ttlSeconds}.`);
  return Math.ceil(ttlSeconds * 1000);
}

type RedisConstructor = new (url: string, options?: Readonly<Record<string, unknown>>) => RedisCommandClient;

/** Loads ioredis on first use, so nobody who does not use Redis needs it installed. */
function connect(url: string, options: Readonly<Record<string, unknown>> | undefined): RedisCommandClient {
  let loaded: { default?: RedisConstructor; Redis?: RedisConstructor };
  try {
    loaded = require('ioredis') as typeof loaded;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw cause;
    throw new InvalidArgumentException('RedisStore uses the optional peer dependency `ioredis`, which is not installed: run `npm install ioredis`.', { cause });
  }
  const Redis = loaded.Redis ?? loaded.default;
  if (typeof Redis !== 'function') throw new InvalidArgumentException('The installed `ioredis` does not export a Redis class (versions 5 and 6 are supported).');
  return new Redis(url, options ?? {});
}
