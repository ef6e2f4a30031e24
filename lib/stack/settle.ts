/**
 * Value-or-promise plumbing. The built-in entries are written once and serve both verb kinds: under a
 * synchronous verb everything stays a plain value (no promise is ever created); under a promise verb the
 * transport returns a promise and the same code chains onto it.
 */
import { isThenable } from './thenable';
import type { Middleware, Settled, ValueMiddleware } from './types';

export { isThenable };

/** A Guzzle-style promise that has already settled (FulfilledPromise, RejectedPromise): its outcome can be read now. */
interface SettledThenable<T> extends PromiseLike<T> {
  getState(): string;
  wait(): T;
}

function isSettledThenable<T>(value: PromiseLike<T>): value is SettledThenable<T> {
  const candidate = value as Partial<SettledThenable<T>>;
  return typeof candidate.getState === 'function' && typeof candidate.wait === 'function' && candidate.getState() !== 'pending';
}

/** `fn(value)` now if `value` is plain (or an already settled Guzzle-style promise), else once it settles. */
export function settle<T, R>(value: Settled<T>, fn: (value: T) => Settled<R>): Settled<R> {
  if (!isThenable<T>(value)) return fn(value);
  return isSettledThenable(value) ? fn(value.wait()) : Promise.resolve(value).then(fn);
}

const valueEntries = new WeakSet<object>();

/**
 * Marks an entry written for both verb kinds with `settle()`: its next handler gives it plain values
 * under synchronous verbs. Any other entry is taken as PHP-style and gets Guzzle promises from its next
 * handler, under both verb kinds (see HandlerStack).
 */
export function valueEntry(middleware: ValueMiddleware): Middleware {
  valueEntries.add(middleware);
  return middleware as unknown as Middleware;
}

export function isValueEntry(middleware: Middleware): middleware is Middleware & ValueMiddleware {
  return valueEntries.has(middleware);
}
