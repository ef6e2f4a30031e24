/**
 * Value-or-promise plumbing. The built-in entries are written once and serve both verb kinds: under a
 * synchronous verb everything stays a plain value (no promise is ever created); under a promise verb the
 * transport returns a promise and the same code chains onto it.
 */
import type { Settled } from './types';

export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** `fn(value)` now if `value` is plain, else once it settles. */
export function settle<T, R>(value: Settled<T>, fn: (value: T) => Settled<R>): Settled<R> {
  return isThenable<T>(value) ? Promise.resolve(value).then(fn) : fn(value);
}
