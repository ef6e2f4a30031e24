/**
 * Guzzle's promise on a native Promise: `await`, `then`, `catch` and `finally` work as usual, and the
 * PHP methods `otherwise(fn)`, `wait()` and `getState()` are there too, so
 * `->then(...)->otherwise(...)->wait()` ports verbatim.
 *
 * `wait()` settles the chain on the calling thread only when that is honest:
 *   - the value (or the failure) is already there, or
 *   - the request behind it has not been sent yet: a promise verb starts its request one microtask
 *     after the call, so a `wait()` in the same tick takes the request over and runs it through the
 *     synchronous path instead. Each request is sent once, by one path, never twice.
 * Otherwise (the request is in flight on this thread's event loop, or a callback returned a native
 * Promise) blocking would deadlock, and `wait()` throws a SyncModeException that says to use `await`.
 *
 * Callbacks run exactly once: on a microtask as usual, or synchronously inside `wait()`, whichever comes first.
 * The design, in more detail: docs/guzzle-promises.md.
 */
import { SyncModeException } from '../errors';
import { ErrorCode } from '../errors/codes.cjs';
import { isThenable } from './thenable';

export type PromiseState = 'pending' | 'fulfilled' | 'rejected';

/** The `code` of the SyncModeException thrown by a `wait()` that cannot settle on this thread. */
export const WAIT_WOULD_BLOCK = ErrorCode.WAIT_WOULD_BLOCK;

type Callback = ((value: never) => unknown) | null | undefined;

/** A thenable being followed; `current` turns false once it has been read (by a callback or by wait()). */
interface Adoption {
  readonly source: PromiseLike<unknown>;
  current: boolean;
}

/** The executor of a promise that settles through private methods only: no resolving functions are made for it. */
const PENDING = (): void => undefined;

export class GuzzlePromise<T> extends Promise<T> {
  /** `super.then()` and the native helpers build plain Promises; our own `then` builds GuzzlePromises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  #state: PromiseState = 'pending';
  #result: unknown;
  #locked = false;
  #adoption: Adoption | undefined;
  #native!: { resolve(value: T): void; reject(reason: unknown): void };
  /** The `then()` children waiting for this one to settle: each runs on a microtask then. */
  #listeners: (() => void)[] | undefined;
  #hasChildren = false;
  /** For a `then()` child: the parent and the callbacks, run once. */
  #parent: GuzzlePromise<unknown> | undefined;
  #callbacks: readonly [Callback, Callback] | undefined;
  #ran = false;
  /** For a request not yet sent: runs it through the synchronous path (taken at most once). */
  #takeOver: (() => void) | undefined;

  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    let native: { resolve(value: T): void; reject(reason: unknown): void } | undefined;
    super((resolve, reject) => {
      native = { resolve, reject };
    });
    this.#native = native!;
    if (executor === PENDING) return; // our own children and deferred requests settle through private methods
    try {
      executor((value) => this.#resolve(value), (reason) => this.#reject(reason));
    } catch (error) {
      this.#reject(error);
    }
  }

  /** Guzzle's FulfilledPromise: already settled with `value`. */
  static fulfilled<T>(value: T): GuzzlePromise<T> {
    return new GuzzlePromise<T>((resolve) => resolve(value));
  }

  /** Guzzle's RejectedPromise: already settled with `reason`. */
  static rejected<T = never>(reason: unknown): GuzzlePromise<T> {
    return new GuzzlePromise<T>((_, reject) => reject(reason));
  }

  /** The outcome of `fn()` as a promise: its value, the promise it returns, or what it throws. */
  static try<T>(fn: () => T | PromiseLike<T>): GuzzlePromise<T> {
    return new GuzzlePromise<T>((resolve) => resolve(fn()));
  }

  /**
   * A request that starts on the next microtask through `send.async`, unless `wait()` takes it over first
   * and runs `send.sync` instead. Exactly one of the two ever runs.
   */
  static deferred<T>(send: { async(): PromiseLike<T>; sync(): T }): GuzzlePromise<T> {
    const promise = new GuzzlePromise<T>(PENDING);
    let taken = false;
    promise.#takeOver = () => {
      if (taken) return;
      taken = true;
      try {
        promise.#resolve(send.sync());
      } catch (error) {
        promise.#reject(error instanceof SyncModeException && (error as { code?: string }).code !== WAIT_WOULD_BLOCK ? cannotTakeOver(error) : error);
      }
    };
    queueMicrotask(() => {
      if (taken) return;
      taken = true;
      promise.#takeOver = undefined;
      try {
        promise.#resolve(send.async());
      } catch (error) {
        promise.#reject(error);
      }
    });
    return promise;
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null, // eslint-disable-line @typescript-eslint/no-explicit-any -- Promise's own signature
  ): GuzzlePromise<R1 | R2> {
    const child = new GuzzlePromise<R1 | R2>(PENDING);
    child.#parent = this as GuzzlePromise<unknown>;
    child.#callbacks = [onFulfilled as Callback, onRejected as Callback];
    const run = (): void => child.#run();
    this.#hasChildren = true;
    if (this.#state === 'pending') {
      (this.#listeners ??= []).push(run);
    } else {
      if (this.#state === 'rejected') this.#markHandled();
      queueMicrotask(run);
    }
    return child;
  }

  override catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): GuzzlePromise<T | R> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.then(undefined, onRejected);
  }

  override finally(onFinally?: (() => void) | null): GuzzlePromise<T> {
    return super.finally.call(this, onFinally) as GuzzlePromise<T>;
  }

  /** Guzzle's `otherwise($onRejected)`: `then(null, onRejected)`. */
  otherwise<R = never>(onRejected: (reason: any) => R | PromiseLike<R>): GuzzlePromise<T | R> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.then(undefined, onRejected);
  }

  /** `pending`, `fulfilled` or `rejected`, as Guzzle's `getState()`. */
  getState(): PromiseState {
    return this.#state;
  }

  /**
   * Guzzle's `wait()`: the value, or the rejection reason thrown. With `unwrap = false` it only settles the
   * chain and returns nothing. Throws a SyncModeException (code `WAIT_WOULD_BLOCK` of `ErrorCode`) when
   * the outcome can only arrive through the event loop this call would block: use `await` there.
   */
  wait(unwrap?: true): T;
  wait(unwrap: false): void;
  wait(unwrap = true): T | void {
    this.#drive();
    if (this.#state === 'pending') throw wouldBlock();
    if (this.#state === 'rejected') {
      this.#markHandled();
      if (unwrap) throw this.#result;
      return undefined;
    }
    return unwrap ? (this.#result as T) : undefined;
  }

  #resolve(value: unknown): void {
    if (this.#locked) return;
    this.#locked = true;
    this.#follow(value);
  }

  #reject(reason: unknown): void {
    if (this.#locked) return;
    this.#locked = true;
    this.#settle('rejected', reason);
  }

  #follow(value: unknown): void {
    if (value === this) return this.#settle('rejected', new TypeError('A promise cannot be resolved with itself.'));
    if (!isThenable(value)) return this.#settle('fulfilled', value);
    const adoption: Adoption = { source: value, current: true };
    this.#adoption = adoption;
    try {
      value.then(
        (inner) => this.#adopt(adoption, 'fulfilled', inner),
        (reason) => this.#adopt(adoption, 'rejected', reason),
      );
    } catch (error) {
      this.#adopt(adoption, 'rejected', error);
    }
  }

  /** The followed thenable's outcome, taken once, unless wait() has read it first. */
  #adopt(adoption: Adoption, state: 'fulfilled' | 'rejected', result: unknown): void {
    if (!adoption.current) return;
    adoption.current = false;
    this.#adoption = undefined;
    if (state === 'fulfilled') this.#follow(result);
    else this.#settle('rejected', result);
  }

  #settle(state: 'fulfilled' | 'rejected', result: unknown): void {
    if (this.#state !== 'pending') return;
    this.#state = state;
    this.#result = result;
    if (state === 'fulfilled') {
      this.#native.resolve(result as T);
    } else {
      this.#native.reject(result);
      // A child carries the rejection on; the native side of this one is then handled.
      if (this.#hasChildren) this.#markHandled();
    }
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) for (const run of listeners) queueMicrotask(run);
  }

  /** Runs this `then()` child's callback for its settled parent, once. */
  #run(): void {
    if (this.#ran) return;
    this.#ran = true;
    const parent = this.#parent!;
    const [onFulfilled, onRejected] = this.#callbacks!;
    const callback = parent.#state === 'fulfilled' ? onFulfilled : onRejected;
    if (typeof callback !== 'function') {
      if (parent.#state === 'fulfilled') this.#resolve(parent.#result);
      else this.#reject(parent.#result);
      return;
    }
    try {
      this.#resolve((callback as (value: unknown) => unknown)(parent.#result));
    } catch (error) {
      this.#reject(error);
    }
  }

  /** Settles this promise on the calling thread where that is possible; leaves it pending where not. */
  #drive(): void {
    while (this.#state === 'pending') {
      const adoption = this.#adoption;
      if (adoption) {
        const source = adoption.source;
        if (!(source instanceof GuzzlePromise)) return; // a native promise: only the event loop settles it
        source.#drive();
        if (source.#state === 'pending') return;
        adoption.current = false;
        this.#adoption = undefined;
        if (source.#state === 'fulfilled') this.#follow(source.#result);
        else this.#settle('rejected', source.#result);
        if (source.#state === 'rejected') source.#markHandled();
      } else if (this.#parent && !this.#ran) {
        this.#parent.#drive();
        if (this.#parent.#state === 'pending') return;
        this.#run();
      } else if (this.#takeOver) {
        const takeOver = this.#takeOver;
        this.#takeOver = undefined;
        takeOver();
      } else {
        return;
      }
    }
  }

  #markHandled(): void {
    Promise.prototype.then.call(this, undefined, () => undefined);
  }
}

/**
 * `await` (and `Promise.resolve`) take a promise as it is only when its `constructor` is the native Promise;
 * for any other they call its `then()`, which for us builds a child GuzzlePromise, a closure and a microtask
 * more per request. Saying Promise here lets `await` read the native side directly, which settles together
 * with ours. `instanceof GuzzlePromise` still holds, and `Symbol.species` already answered Promise.
 */
Object.defineProperty(GuzzlePromise.prototype, 'constructor', { value: Promise, writable: true, configurable: true });

function wouldBlock(): SyncModeException {
  const error = new SyncModeException(
    'wait() cannot settle this promise on the calling thread: its outcome is still on its way through the event loop ' +
      '(the request was already sent asynchronously, or a callback returned a native Promise), and blocking would stop it ' +
      'from ever arriving. Use `await` on the promise instead, or call wait() in the same tick as the *Async() call.',
  );
  Object.defineProperty(error, 'code', { value: WAIT_WOULD_BLOCK, enumerable: true });
  return error;
}

/** The synchronous path refused this request (e.g. an asynchronous stack entry): nothing was sent. */
function cannotTakeOver(cause: Error): SyncModeException {
  return new SyncModeException(`wait() runs the request through the synchronous path, which this request cannot take: ${cause.message} Nothing was sent; use \`await\` on the promise instead of wait().`, { cause });
}
