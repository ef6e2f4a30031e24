/**
 * Guzzle 7's exception tree, so PHP `catch` blocks port one for one:
 *
 *   TransferException
 *   ├─ ConnectException            no response at all
 *   └─ RequestException            sent, then failed (verification, …)
 *      └─ BadResponseException
 *         ├─ ClientException       4xx
 *         └─ ServerException       5xx
 *   InvalidArgumentException       bad config or options; nothing was sent
 *
 * Every class is branded with a registry symbol, so `instanceof` holds across two copies of
 * this package (a bundled one and an installed one) and for errors rebuilt on another thread.
 */
import type { Request } from './message/request';
import type { Response } from './message/response';
import { redact } from './redact';

const BRAND = Symbol.for('wechatpay-ts.error');

type Branded = { [BRAND]?: readonly string[] };

function brandOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brand = (value as Branded)[BRAND];
  return Array.isArray(brand) ? brand : undefined;
}

/** Installs the brand on `error`: the names of its class and of every branded ancestor. */
function stamp(error: Error, ctor: Function): void {
  const names: string[] = [];
  for (let c: unknown = ctor; typeof c === 'function' && c !== Error && c !== Object; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call(c, 'brandName')) names.push((c as unknown as { brandName: string }).brandName);
  }
  Object.defineProperty(error, BRAND, { value: Object.freeze(names), enumerable: false });
  Object.defineProperty(error, 'name', { value: ctor.name, enumerable: false, configurable: true, writable: true });
}

function hasBrand(target: { brandName: string }, value: unknown): boolean {
  return brandOf(value)?.includes(target.brandName) ?? false;
}

/**
 * PHP's `Throwable` methods, so ported `catch` blocks keep calling them. `code` stays the Node-style
 * string (`ECONNREFUSED`, `ORDER_NOT_EXIST`, `ERR_WECHATPAY_…`); `getCode()` is PHP's integer.
 */
abstract class PhpThrowable extends Error {
  getMessage(): string {
    return this.message;
  }

  /** PHP's integer code: 0, except the HTTP status of a RequestException's response (as in Guzzle). */
  getCode(): number {
    return 0;
  }

  /** The error this one wraps (`cause`), as PHP's `getPrevious()`; null when none. */
  getPrevious(): unknown {
    return this.cause ?? null;
  }

  /** The stack frames as PHP numbers them: `#0 at …`, …, `#n {main}`. */
  getTraceAsString(): string {
    const frames = (this.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
    return [...frames, '{main}'].map((frame, i) => `#${i} ${frame}`).join('\n');
  }
}

/** Base of every transfer failure, as Guzzle's `TransferException`. */
export class TransferException extends PhpThrowable {
  static readonly brandName: string = 'TransferException';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  /** A machine-readable code: an undici/Node code (`ECONNREFUSED`) or one of ours (`ERR_WECHATPAY_…`). */
  code?: string;

  readonly #handlerContext: Readonly<Record<string, unknown>>;

  constructor(message: string, options?: { cause?: unknown; code?: string; handlerContext?: Record<string, unknown> }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.code) this.code = options.code;
    this.#handlerContext = Object.freeze({ ...(options?.code ? { errno: options.code } : {}), ...options?.handlerContext });
    stamp(this, new.target);
  }

  /** Guzzle's handler context: what the transport knew about the failure (`errno`: the Node-style code; `attempts` after retries). */
  getHandlerContext(): Readonly<Record<string, unknown>> {
    return this.#handlerContext;
  }
}

/** No response arrived: refused, reset, DNS, TLS, timeout. */
export class ConnectException extends TransferException {
  static override readonly brandName: string = 'ConnectException';
  readonly #request: Request | undefined;

  constructor(message: string, request?: Request, options?: { cause?: unknown; code?: string; handlerContext?: Record<string, unknown> }) {
    super(message, options);
    this.#request = request;
  }

  getRequest(): Request | undefined {
    return this.#request;
  }

  hasResponse(): false {
    return false;
  }

  getResponse(): undefined {
    return undefined;
  }
}

/** The request was sent and a response arrived, but the exchange failed (e.g. verification). */
export class RequestException extends TransferException {
  static override readonly brandName: string = 'RequestException';
  readonly #request: Request;
  readonly #response: Response | undefined;
  /** The WeChat Pay `Request-ID` of the response, when there is one. */
  readonly requestId: string | undefined;

  constructor(message: string, request: Request, response?: Response, options?: { cause?: unknown; code?: string; handlerContext?: Record<string, unknown> }) {
    super(message, options);
    this.#request = request;
    this.#response = response;
    const id = response?.getHeaderLine('Request-ID');
    this.requestId = id ? id : undefined;
  }

  getRequest(): Request {
    return this.#request;
  }

  /** The response's HTTP status, or 0 without a response: Guzzle's RequestException code. */
  override getCode(): number {
    return this.#response?.getStatusCode() ?? 0;
  }

  hasResponse(): boolean {
    return this.#response !== undefined;
  }

  getResponse(): Response | undefined {
    return this.#response;
  }

  /** Keeps `JSON.stringify(error)` and loggers from dumping the request (and its Authorization). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, requestId: this.requestId };
  }
}

/** The parsed WeChat Pay error body: `{code, message, detail}`. */
export interface WechatpayErrorBody {
  code?: string;
  message?: string;
  detail?: unknown;
  [key: string]: unknown;
}

/** An HTTP error status came back (Guzzle: `http_errors`). Always carries the server's body. */
export class BadResponseException extends RequestException {
  static override readonly brandName: string = 'BadResponseException';
  /** HTTP status code of the response. */
  readonly status: number;
  /** WeChat Pay's error `code` (`PARAM_ERROR`, `ORDER_NOT_EXIST`, …) when the body is the usual JSON. */
  readonly errorCode: string | undefined;
  /** WeChat Pay's error `message`. */
  readonly errorMessage: string | undefined;
  /** WeChat Pay's error `detail`. */
  readonly detail: unknown;
  /** The whole parsed body (JSON for APIv3, XML fields for APIv2), or undefined when it is neither. */
  readonly body: WechatpayErrorBody | undefined;

  constructor(message: string, request: Request, response: Response, body?: WechatpayErrorBody, options?: { cause?: unknown }) {
    super(message, request, response, { ...options, code: typeof body?.code === 'string' ? body.code : undefined });
    this.status = response.getStatusCode();
    this.body = body;
    this.errorCode = typeof body?.code === 'string' ? body.code : undefined;
    this.errorMessage = typeof body?.message === 'string' ? body.message : undefined;
    this.detail = body?.detail;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, body: this.body };
  }
}

/** 4xx. */
export class ClientException extends BadResponseException {
  static override readonly brandName: string = 'ClientException';
}

/** 5xx. */
export class ServerException extends BadResponseException {
  static override readonly brandName: string = 'ServerException';
}

/** Bad configuration or options. Nothing was sent. */
export class InvalidArgumentException extends PhpThrowable {
  static readonly brandName: string = 'InvalidArgumentException';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  readonly code: string = 'ERR_WECHATPAY_INVALID_ARGUMENT';

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    stamp(this, new.target);
  }
}

/**
 * A user stack entry returned a Promise under a synchronous verb. Extends InvalidArgumentException:
 * it is a usage error, raised before (or instead of) sending.
 */
export class SyncModeException extends InvalidArgumentException {
  static override readonly brandName: string = 'SyncModeException';
}
