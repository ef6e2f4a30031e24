/**
 * Timeouts are given in seconds, fractions allowed, as Guzzle's `timeout`, `connect_timeout` and
 * `read_timeout` are (PHP's `'timeout' => 5` is five seconds), and become milliseconds only here, at the
 * edge of the transport. One check serves the client config and every verb, so a per-call value can never
 * slip past what the config refuses.
 */
import { InvalidArgumentException } from '../errors';

/** Node's timers hold at most 2³¹−1 ms (about 24.8 days); a longer delay fires at once, so it is refused. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const MAX_TIMEOUT_SECONDS = MAX_TIMEOUT_MS / 1000;

/** The timeout options, all in seconds. */
export const TIMEOUT_OPTIONS = ['timeout', 'connect_timeout', 'read_timeout', 'headers_timeout'] as const;
export type TimeoutOption = (typeof TIMEOUT_OPTIONS)[number];

/**
 * Seconds → whole milliseconds (rounded up, so a tiny positive value never becomes 0, which means "no
 * limit"). `undefined`/`null` give `fallbackMs`. Negative, NaN, infinite, non-numbers and values past
 * Node's timer range are an InvalidArgumentException naming the field.
 */
export function secondsToMs(value: unknown, field: string, fallbackMs: number): number {
  if (value === undefined || value === null) return fallbackMs;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMEOUT_SECONDS) {
    throw new InvalidArgumentException(
      `\`${field}\` must be a number of seconds from 0 (no limit) to ${MAX_TIMEOUT_SECONDS} (Node's longest timer), fractions allowed, ` +
        `as in Guzzle; got ${describe(value)}.`,
    );
  }
  return Math.ceil(value * 1000);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return `a ${value === null ? 'null' : typeof value}`;
}
