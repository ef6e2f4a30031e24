/** The options a verb takes (README.md "Options of a verb"); any other key must be a template variable. */
import type { Readable, Writable } from 'node:stream';
import type { RetryOptions } from '../resilience';
import type { DebugSink } from './config';

export interface VerbOptions {
  /** Object → query string (PHP http_build_query, RFC 3986), or a ready string. */
  query?: Record<string, unknown> | string;
  /** JSON request body. */
  json?: unknown;
  /** Raw body: string, bytes, a MediaUtil stream, or a MediaUtil itself (its Content-Type is then set too). */
  body?: string | Uint8Array | Readable | { getStream(): Readable; getContentType(): string };
  /** Extra request headers, e.g. `Wechatpay-Serial` for sensitive fields. */
  headers?: Record<string, string | number | readonly string[]>;
  /** APIv2 request fields. */
  xml?: Record<string, unknown>;
  /** APIv2: send the merchant client certificate (mutual TLS). */
  security?: boolean;
  /** APIv2: do not add `nonce_str`. */
  nonceless?: boolean;
  /** Milliseconds for the whole exchange. */
  timeout?: number;
  /** Print this exchange, secrets redacted. */
  debug?: boolean | DebugSink;
  /** Send this request to another host (e.g. `https://fraud.mch.weixin.qq.com/`). */
  base_uri?: string;
  /** This request's retry policy (`false` = none), over the client's `retry`. */
  retry?: RetryOptions | false;
  /**
   * Stream a 2xx body here instead of into memory (no 64 MiB cap): a new file's path (it must not exist), or,
   * for the promise verbs only, a Writable. The Response then has an empty body (`response.streamedBytes` tells the
   * count); other statuses are read as usual. Once a 2xx started into the sink, a failure is never retried.
   */
  sink?: string | Writable;
  /** Path variables: `{openid}` ← `openid`. */
  [variable: string]: unknown;
}

export const OPTION_NAMES: ReadonlySet<string> = new Set([
  'query', 'json', 'body', 'headers', 'xml', 'security', 'nonceless', 'timeout', 'debug', 'base_uri', 'retry', 'sink',
]);
