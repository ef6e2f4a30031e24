/**
 * Exponential backoff with full jitter (a uniformly random wait below a ceiling that doubles per retry):
 * many clients that failed together do not come back together.
 */
export type RandomSource = () => number;

/** Milliseconds to wait before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: RandomSource = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
