/** Declarations of exchange.cjs (plain JavaScript so that the worker thread can load it untransformed). */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { BodyPart, ExchangeRequest, ExchangeResponse } from './exchange-types';
import type { AgentOptions, WireError } from './wire';

export declare const TIMEOUT: 'ERR_WECHATPAY_TIMEOUT';
export declare const HEADERS_TIMEOUT: 'ERR_WECHATPAY_HEADERS_TIMEOUT';
export declare const TOO_LARGE: 'ERR_WECHATPAY_RESPONSE_TOO_LARGE';

export declare function exchange(request: ExchangeRequest, dispatcher: Dispatcher): Promise<ExchangeResponse>;
export declare function createAgent(options?: AgentOptions): Dispatcher;
export declare function toWireError(error: unknown): WireError;
export declare function partsBody(parts: Iterable<BodyPart>): Readable;
export declare function partsOf(body: unknown): readonly BodyPart[] | undefined;
export declare function streamParts(parts: Iterable<BodyPart>): AsyncGenerator<Uint8Array>;
