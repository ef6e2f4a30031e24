/**
 * When a request may be sent again, and how long to wait first. Nothing here touches the network: the
 * `retry` stack entry asks these questions after each attempt.
 */
import { InvalidArgumentException } from '../errors';

/** What users write in `retry` (client config, or a verb's options). */
export interface RetryOptions {
  /**
   * Methods that may be sent again after the request was written (5xx, 429, a reset or a timeout before
   * the status line). Default `['GET', 'HEAD']`; add `POST` only for calls you know to be idempotent.
   */
  readonly methods?: readonly string[];
  /** Extra attempts on the same host after a retryable answer. Default 2. */
  readonly retries?: number;
  /** First backoff ceiling, milliseconds; doubles per retry. Default 200. */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling, milliseconds. Default 5 000. */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this ends the retries instead of being waited out. Default 10 000. */
  readonly maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  readonly methods: ReadonlySet<string>;
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  methods: new Set(['GET', 'HEAD']),
  retries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
});

/** No retries at all (`retry: false`); failover after a connection that never opened still happens. */
export const NO_RETRY_POLICY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY_POLICY, methods: new Set<string>(), retries: 0 });

/** `retry` as given → a policy; `base` fills what the options leave out (a verb's options over the client's). */
export function resolveRetryPolicy(input: unknown, field: string, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  if (input === undefined || input === null || input === true) return base;
  if (input === false) return NO_RETRY_POLICY;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidArgumentException(`\`${field}\` must be false or { methods, retries, baseDelayMs, maxDelayMs, maxRetryAfterMs }.`);
  }
  const options = input as RetryOptions;
  return {
    methods: options.methods === undefined ? base.methods : methodSet(options.methods, `${field}.methods`),
    retries: count(options.retries, `${field}.retries`, base.retries),
    baseDelayMs: count(options.baseDelayMs, `${field}.baseDelayMs`, base.baseDelayMs),
    maxDelayMs: count(options.maxDelayMs, `${field}.maxDelayMs`, base.maxDelayMs),
    maxRetryAfterMs: count(options.maxRetryAfterMs, `${field}.maxRetryAfterMs`, base.maxRetryAfterMs),
  };
}

function methodSet(methods: unknown, field: string): ReadonlySet<string> {
  if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string' || m === '')) {
    throw new InvalidArgumentException(`\`${field}\` must be a list of HTTP method names, such as ['GET', 'POST'].`);
  }
  return new Set(methods.map((m: string) => m.toUpperCase()));
}

function count(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InvalidArgumentException(`\`${field}\` must be an integer ≥ 0.`);
  return value;
}
