/**
 * Guzzle's transfer exceptions: something was (or was about to be) sent. They carry the `Request` and,
 * once one arrived, the `Response`.
 */
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import { redact, redactBody, redactEcho, signatureSentFor } from '../redact';
import { hasBrand, stamp } from './brand';
import { PhpThrowable } from './php-throwable';

/** Base of every transfer failure, as Guzzle's `TransferException`. */
export class TransferException extends PhpThrowable {
  static readonly brandName: string = 'TransferException';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  /** A machine-readable code: an undici/Node code (`ECONNREFUSED`) or one of ours (`ERR_WECHATPAY_…`). */
  code?: string;

  readonly #handlerContext: Readonly<Record<string, unknown>>;

  constructor(message: string, options?: TransferOptions) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.code) this.code = options.code;
    this.#handlerContext = Object.freeze({ ...(options?.code ? { errno: options.code } : {}), ...options?.handlerContext });
    stamp(this, new.target);
  }

  /** Guzzle's handler context: what the transport knew about the failure (`errno`: the Node-style code). */
  getHandlerContext(): Readonly<Record<string, unknown>> {
    return this.#handlerContext;
  }
}

/** What a transfer exception may carry besides its message. */
export interface TransferOptions {
  readonly cause?: unknown;
  readonly code?: string;
  readonly handlerContext?: Record<string, unknown>;
}

/** No response arrived: refused, reset, DNS, TLS, timeout. */
export class ConnectException extends TransferException {
  static override readonly brandName: string = 'ConnectException';
  readonly #request: Request | undefined;

  constructor(message: string, request?: Request, options?: TransferOptions) {
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

  constructor(message: string, request: Request, response?: Response, options?: TransferOptions) {
    super(message, options);
    // A server may echo our Authorization back (bare, escaped or cut short): the message never carries it.
    this.message = redactEcho(this.message, signatureSentFor(request));
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
    // Kept redacted: loggers print `e.body` and `JSON.stringify(e)`; the raw bytes stay on getResponse().
    this.body = body === undefined ? undefined : redactBody(body, signatureSentFor(request));
    this.errorCode = typeof this.body?.code === 'string' ? this.body.code : undefined;
    this.errorMessage = typeof this.body?.message === 'string' ? this.body.message : undefined;
    this.detail = this.body?.detail;
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
