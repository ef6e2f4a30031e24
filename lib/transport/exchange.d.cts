/** Declarations of exchange.cjs (plain JavaScript so that the worker thread can load it untransformed). */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ErrorCode } from '../errors/codes.cjs';
import type { BodyPart, ExchangeRequest, SinkHead } from './exchange-types';
import type { AgentOptions, WireError, WireResponse } from './wire';

export declare const TIMEOUT: typeof ErrorCode.TIMEOUT;
export declare const HEADERS_TIMEOUT: typeof ErrorCode.HEADERS_TIMEOUT;
export declare const TOO_LARGE: typeof ErrorCode.RESPONSE_TOO_LARGE;
export declare const STREAM_INTERRUPTED: typeof ErrorCode.STREAM_INTERRUPTED;
export declare const SINK_FAILED: typeof ErrorCode.SINK_FAILED;
/** A Writable sink may carry a method under this key: called with the answer's status and headers before its first byte. */
export declare const SINK_HEAD: unique symbol;
export interface SinkHeadListener {
  [SINK_HEAD](head: SinkHead): void;
}

/** The parts of undici the transport uses, each loaded on first access. */
export declare function undici(): {
  readonly Agent: typeof import('undici').Agent;
  readonly ProxyAgent: typeof import('undici').ProxyAgent;
  readonly EnvHttpProxyAgent: typeof import('undici').EnvHttpProxyAgent;
  readonly request: typeof import('undici').Dispatcher.prototype.request;
};
/** Loads what every exchange needs (the sync worker, as it starts). */
export declare function preloadUndici(): unknown[];
export declare function exchange(request: ExchangeRequest, dispatcher: Dispatcher, options?: { sameThread?: boolean }): Promise<WireResponse>;
/** The outcome taken as `.then(onAnswer, onFailure)` would take it, but as the answer completes (no promise between). */
export declare function exchange<T>(
  request: ExchangeRequest,
  dispatcher: Dispatcher,
  options: { sameThread?: boolean; onAnswer(answer: WireResponse): T; onFailure(error: unknown): T },
): Promise<T>;
export declare function createAgent(options?: AgentOptions): Dispatcher;
export declare function toWireError(error: unknown): WireError;
export declare function partsBody(parts: Iterable<BodyPart>): Readable;
export declare function partsOf(body: unknown): readonly BodyPart[] | undefined;
export declare function streamParts(parts: Iterable<BodyPart>): AsyncGenerator<Uint8Array>;
