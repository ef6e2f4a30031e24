/** Whether a value is a thenable (a Promise or anything with a `then` method): the one test both settle.ts and guzzle-promise.ts use. */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
