/**
 * Guzzle's HandlerStack: named entries, outermost first, around one terminal handler. `push` adds an
 * innermost entry (closest to the network), `unshift` an outermost one, `before`/`after` place an entry
 * relative to a named one. The PHP README's "remove('signer'); before('prepare_body', …, 'signer')" recipe
 * ports line for line.
 */
import { InvalidArgumentException, SyncModeException } from '../errors';
import { GuzzlePromise, WAIT_WOULD_BLOCK } from './guzzle-promise';
import { isThenable, isValueEntry } from './settle';
import type { Handler, HandlerOptions, Middleware, PromiseHandler, ValueMiddleware } from './types';

interface Entry {
  readonly middleware: Middleware;
  readonly name: string;
}

/**
 * A handler that does what a stack does, in fewer steps, for as long as the stack keeps exactly the entries
 * and handler it had when it was fused: `build` gets the composed handler, for whatever the fused one leaves to it.
 */
interface Fused {
  readonly entries: readonly Entry[];
  readonly handler: Handler | undefined;
  readonly build: (composed: Handler) => Handler;
}

let setFused: (stack: HandlerStack, build: Fused['build']) => void;

export class HandlerStack {
  #entries: Entry[] = [];
  #handler: Handler | undefined;
  #resolved: Handler | undefined;
  #fused: Fused | undefined;

  static {
    setFused = (stack, build) => {
      stack.#fused = { entries: [...stack.#entries], handler: stack.#handler, build };
      stack.#resolved = undefined;
    };
  }

  constructor(handler?: Handler) {
    this.#handler = handler;
  }

  /** A stack around `handler` (Guzzle's `HandlerStack::create`); the client fills in its own entries. */
  static create(handler?: Handler): HandlerStack {
    return new HandlerStack(handler);
  }

  setHandler(handler: Handler): void {
    this.#handler = handler;
    this.#resolved = undefined;
  }

  hasHandler(): boolean {
    return this.#handler !== undefined;
  }

  /** Adds `middleware` innermost (runs last on the way out, first on the way back). */
  push(middleware: Middleware, name = ''): void {
    this.#insert(this.#entries.length, middleware, name);
  }

  /** Adds `middleware` outermost. */
  unshift(middleware: Middleware, name = ''): void {
    this.#insert(0, middleware, name);
  }

  /** Adds `middleware` just outside the entry named `findName`. */
  before(findName: string, middleware: Middleware, withName = ''): void {
    this.#insert(this.#indexOf(findName), middleware, withName);
  }

  /** Adds `middleware` just inside the entry named `findName`. */
  after(findName: string, middleware: Middleware, withName = ''): void {
    this.#insert(this.#indexOf(findName) + 1, middleware, withName);
  }

  /** Removes every entry with this name, or this exact middleware function. */
  remove(remove: string | Middleware): void {
    this.#entries = this.#entries.filter((e) => (typeof remove === 'string' ? e.name !== remove : e.middleware !== remove));
    this.#resolved = undefined;
  }

  /** Entry names, outermost first (unnamed entries show as ''). */
  names(): string[] {
    return this.#entries.map((e) => e.name);
  }

  has(name: string): boolean {
    return this.#entries.some((e) => e.name === name);
  }

  /** A copy with the same entries and handler (each client protocol keeps its own). */
  clone(): HandlerStack {
    const copy = new HandlerStack(this.#handler);
    copy.#entries = [...this.#entries];
    copy.#fused = this.#fused;
    return copy;
  }

  /** The composed handler. Cached until the stack changes. */
  resolve(): Handler {
    if (this.#resolved) return this.#resolved;
    const terminal = this.#handler;
    if (!terminal) throw new InvalidArgumentException('The HandlerStack has no handler: call setHandler() first.');
    let next: Handler = terminal;
    for (let i = this.#entries.length - 1; i >= 0; i--) next = guardSyncMode(this.#entries[i]!, next);
    const fused = this.#fused;
    this.#resolved = fused !== undefined && fused.handler === terminal && sameEntries(fused.entries, this.#entries) ? fused.build(next) : next;
    return this.#resolved;
  }

  /** Runs the stack: Guzzle's `$stack($request, $options)`. */
  handle(...args: Parameters<Handler>): ReturnType<Handler> {
    return this.resolve()(...args);
  }

  /**
   * The stack as Guzzle's debug output prints it: the request's way in (`>`, outermost first), then the
   * response's way back (`<`, from the handler out). `depth` counts from the handler, which is 0.
   */
  toString(): string {
    const depth = this.#entries.length;
    const entry = (e: Entry, i: number) => `${depth - i}) Name: '${e.name}'${callableName(e.middleware, ', Function: ')}`;
    const down = this.#entries.map((e, i) => `> ${entry(e, i)}`);
    const handler = this.#handler === undefined ? [] : [`< 0) Handler${callableName(this.#handler, ': ') }`];
    const up = this.#entries.map((e, i) => `< ${entry(e, i)}`).reverse();
    return [...down, ...handler, ...up].join('\n');
  }

  #indexOf(name: string): number {
    const index = this.#entries.findIndex((e) => e.name === name);
    if (index === -1) {
      throw new InvalidArgumentException(`Middleware not found: \`${name}\` (the stack has ${this.names().filter(Boolean).join(', ') || 'no named entries'}).`);
    }
    return index;
  }

  #insert(index: number, middleware: Middleware, name: string): void {
    if (typeof middleware !== 'function') throw new InvalidArgumentException(`Middleware \`${name || '(unnamed)'}\` must be a function (next) => handler.`);
    if (name !== '' && this.has(name)) {
      throw new InvalidArgumentException(`The stack already has an entry named \`${name}\`: remove('${name}') it first, or give this one another name.`);
    }
    this.#entries.splice(index, 0, { middleware, name });
    this.#resolved = undefined;
  }
}

/**
 * Lets `stack`, as it is now, run as `build(composed)` returns: any entry added, removed or replaced, or
 * another handler set, and it runs composed again (a copy made by `clone()` keeps the fusion on the same terms).
 * For the client's default stacks (v3-stack.ts), never for one a user has changed.
 */
export function fuseStack(stack: HandlerStack, build: (composed: Handler) => Handler): void {
  setFused(stack, build);
}

function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}

/** `callable(name)` after `prefix`, as Guzzle's debug output names a function; nothing for an anonymous one. */
function callableName(fn: Function, prefix: string): string {
  return fn.name ? `${prefix}callable(${fn.name})` : '';
}

/**
 * Builds an entry's handler. A PHP-style entry (any entry not marked with `valueEntry`) gets a next handler
 * that returns a Guzzle promise, so `handler($request, $options)->then(...)` ports as it is; under a
 * synchronous verb that promise is already settled (Guzzle's FulfilledPromise / RejectedPromise).
 *
 * Under a synchronous verb the entry's own result must settle on this thread: a value, or a Guzzle promise
 * that `wait()` can settle. A native Promise (or a chain waiting on one) is refused with SyncModeException,
 * since the blocked thread could never see it settle; it is observed so it cannot crash the process later.
 */
function guardSyncMode(entry: Entry, next: Handler): Handler {
  const { middleware } = entry;
  const handler = isValueEntry(middleware) ? (middleware as ValueMiddleware)(next) : middleware(promising(next));
  if (typeof handler !== 'function') {
    throw new InvalidArgumentException(`Middleware \`${entry.name || '(unnamed)'}\` must return a handler function (request, options) => response.`);
  }
  return (request, options: HandlerOptions) => {
    const result = handler(request, options);
    if (!options.sync || !isThenable(result)) return result;
    if (result instanceof GuzzlePromise) {
      try {
        return result.wait();
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== WAIT_WOULD_BLOCK) throw error;
      }
    }
    Promise.resolve(result).catch(() => undefined);
    throw new SyncModeException(
      `The stack entry \`${entry.name || '(unnamed)'}\` returned a Promise under a synchronous verb (${request.method} ${request.uri.pathname}). ` +
        'Use the promise verb (e.g. getAsync()) and `await`, or build the entry with Middleware.mapRequest/mapResponse and synchronous functions.',
    );
  };
}

/** The next handler as a PHP-style entry sees it: always a Guzzle promise. */
function promising(next: Handler): PromiseHandler {
  return (request, options) => GuzzlePromise.try(() => next(request, options));
}
