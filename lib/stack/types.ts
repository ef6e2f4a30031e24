import type { Writable } from 'node:stream';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import type { RetryOptions } from '../resilience/retry-policy';
import type { GuzzlePromise } from './guzzle-promise';

/** Marks the lifetime of one synchronous call: the transport refuses to send once it has ended. */
export const SYNC_CALL: unique symbol = Symbol('wechatpay-ts.syncCall');

/** Receives one exchange as text, secrets redacted (the `debug` option). */
export type DebugSink = (line: string) => void;

/**
 * The verb options that the built-in entries and the terminal read, with the types the client checked
 * them against. Any other key (a path variable, an option of the user's own entry) travels on as `unknown`.
 */
export interface StackOptions {
  /** APIv2 request fields (transform_request). */
  readonly xml?: Record<string, unknown>;
  /** APIv2: send without `nonce_str` (transform_request). */
  readonly nonceless?: boolean;
  /** APIv2: present the merchant certificate, mutual TLS (the transport pool). */
  readonly security?: boolean;
  /** Seconds for the whole exchange, as Guzzle's (terminal). */
  readonly timeout?: number;
  /** Print this exchange (terminal). */
  readonly debug?: boolean | DebugSink;
  /** This request's retry policy over the client's; `false`: none (retry). */
  readonly retry?: RetryOptions | false;
  /** Where a 2xx body goes instead of memory: a new file's path, or a Writable (terminal). */
  readonly sink?: string | Writable;
}

/**
 * What every stack entry receives beside the request, as Guzzle passes `$options`: the verb's options
 * plus how this call runs. Entries may read it; only the client writes it.
 */
export interface HandlerOptions extends StackOptions {
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
