import type { Request } from '../message/request';
import type { Response } from '../message/response';
import type { GuzzlePromise } from './guzzle-promise';

/** Marks the lifetime of one synchronous call: the transport refuses to send once it has ended. */
export const SYNC_CALL: unique symbol = Symbol('wechatpay-ts.syncCall');

/**
 * What every stack entry receives beside the request, as Guzzle passes `$options`: the verb's options
 * plus how this call runs. Entries may read it; only the client writes it.
 */
export interface HandlerOptions {
  /** True under a synchronous verb (`get()`): entries must return a Response, never a Promise. */
  readonly sync: boolean;
  /** `v3` (JSON) or `v2` (XML). */
  readonly protocol: 'v2' | 'v3';
  /** The request path relative to the base URI, after template expansion (verification exemptions match it). */
  readonly pathname: string;
  /** Set by the client on synchronous calls; `open` turns false when the call returns or throws. */
  readonly [SYNC_CALL]?: { open: boolean };
  readonly [option: string]: unknown;
}

export type Settled<T> = T | Promise<T>;

/** A resolved stack: request in, response out — a value under sync verbs, a Promise under promise verbs. */
export type Handler = (request: Request, options: HandlerOptions) => Settled<Response>;

/** What a stack entry's next handler gives it: a Guzzle promise (already settled under a synchronous verb). */
export type PromiseHandler = (request: Request, options: HandlerOptions) => GuzzlePromise<Response>;

/** A stack entry, as Guzzle middleware: `(handler) => (request, options) => handler(request, options).then(…)`. */
export type Middleware = (next: PromiseHandler) => Handler;

/** A built-in entry written with `settle()`: under a synchronous verb its next handler returns plain values. */
export type ValueMiddleware = (next: Handler) => Handler;
