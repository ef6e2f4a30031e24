/** The options a verb takes (README.md "Options of a verb"); any other key must be a template variable. */
import type { Readable, Writable } from 'node:stream';
import type { RetryOptions } from '../resilience';
import type { HandlerStack } from '../stack/handler-stack';
import type { Handler } from '../stack/types';
import type { DebugSink } from './config';
import type { TransferStats } from './transfer-stats';

/** Guzzle's `allow_redirects` as an object; `true` is `{ max: 5, strict: false, referer: false, protocols: ['http', 'https'] }`. */
export interface RedirectOptions {
  max?: number;
  /** Keep the method and body on a 301/302 (RFC-strict); by default they become a GET, as browsers do. */
  strict?: boolean;
  /** Send a `Referer` header naming the page redirected from. */
  referer?: boolean;
  protocols?: ReadonlyArray<'http' | 'https'>;
}

/** A TLS file for Guzzle's `cert`/`ssl_key`: a path (or PEM text), or `[path, passphrase]`. */
export type TlsFileOption = string | readonly [path: string, passphrase: string];

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
  /** Seconds for the whole exchange, fractions allowed, as Guzzle's (0 = no limit). */
  timeout?: number;
  /** Seconds to open the connection, as Guzzle's. */
  connect_timeout?: number;
  /** Seconds to wait for each read (headers, then every body chunk), as Guzzle's. */
  read_timeout?: number;
  /** `false`: a 4xx/5xx is returned as a Response (still verified) instead of thrown, as in Guzzle. */
  http_errors?: boolean;
  /** Follow redirects (same origin only; off by default: WeChat Pay does not redirect). */
  allow_redirects?: boolean | RedirectOptions;
  /** `false` skips the server certificate check (never against the real host); a string is a CA bundle file. */
  verify?: boolean | string;
  /** This request's proxy: a URL, `false` for none, or Guzzle's `{ http, https, no }`. */
  proxy?: string | false | { http?: string; https?: string; no?: readonly string[] | string };
  /** Milliseconds to wait before sending, as Guzzle's `delay`. */
  delay?: number;
  /** Called once the exchange ends, with Guzzle-shaped TransferStats. */
  on_stats?: (stats: TransferStats) => void;
  /** HTTP version: `'1.1'` (default) or `'2'`/`'2.0'`. */
  version?: string | number;
  /** A per-request HandlerStack (e.g. a clone of `getConfig('handler')` without `verifier`) or handler. */
  handler?: HandlerStack | Handler;
  /** APIv2 mutual TLS: the merchant certificate file (or `[file, passphrase]`), as in Guzzle. */
  cert?: TlsFileOption;
  /** APIv2 mutual TLS: the merchant private key file (or `[file, passphrase]`), as in Guzzle. */
  ssl_key?: TlsFileOption;
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
  'connect_timeout', 'read_timeout', 'http_errors', 'allow_redirects', 'verify', 'proxy', 'delay', 'on_stats', 'version',
  'handler', 'cert', 'ssl_key',
]);

/** Guzzle request options this client does not take, each with what to do instead. */
export const REFUSED_GUZZLE_OPTIONS: Readonly<Record<string, string>> = {
  auth: 'WeChat Pay authenticates by signature: the `signer` entry writes Authorization',
  cookies: 'WeChat Pay uses no cookies',
  crypto_method: 'give a `dispatcher` (an undici Agent with its own TLS settings) in Builder.factory()',
  decode_content: 'bodies are given as received; downloadBill({ gunzip: true }) decompresses a bill',
  expect: 'the body is sent without waiting for 100-continue',
  force_ip_resolve: 'give a `dispatcher` (an undici Agent with `connect: { family }`) in Builder.factory()',
  form_params: 'APIv3 takes `json`, APIv2 takes `xml`',
  idn_conversion: 'WeChat Pay hosts are ASCII',
  multipart: 'give `body: new MediaUtil(filename, stream)`',
  on_headers: 'give `sink` a Writable: it is told the status and headers before the first byte',
  progress: 'downloadBill({ onProgress }) reports a download',
  stream: 'give `sink` (a file path or a Writable) to stream the body',
  synchronous: 'the verb says it: get() blocks, getAsync() returns a promise',
  form: 'APIv3 takes `json`, APIv2 takes `xml`',
};

/**
 * What every per-request options object inherits: nothing. A polluted `Object.prototype` must never lend
 * an option (`base_uri`, `debug`…) to an entry or the transport. `Object.create(null)` would do that too,
 * but V8 keeps such objects as hash tables; objects made on a shared empty prototype keep fast properties,
 * and every stack entry reads several options of every request.
 */
const NOTHING_INHERITED: object = Object.freeze(Object.create(null));

/** An empty options object that inherits nothing. */
export function ownOptions<T extends object = VerbOptions>(): T {
  return Object.create(NOTHING_INHERITED) as T;
}
