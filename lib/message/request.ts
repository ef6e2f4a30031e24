/**
 * An outgoing request, immutable in PSR-7 style (`withHeader` returns a copy), so a PHP middleware such
 * as `$request->withHeader('Authorization', …)` ports unchanged.
 */
import { Headers, type HeaderInput } from './headers';
import { RequestBody } from './request-body';
import { redact, SentSignature } from '../redact';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Extends SentSignature for its private slot only: the signature a signer sent for it (redact.ts). */
export class Request extends SentSignature {
  readonly method: string;
  readonly uri: URL;
  readonly headers: Headers;
  readonly body: RequestBody;

  constructor(method: string, uri: URL | string, headers?: HeaderInput | Headers, body?: RequestBody) {
    super();
    this.method = method.toUpperCase();
    this.uri = typeof uri === 'string' ? new URL(uri) : uri;
    this.headers = Headers.from(headers);
    this.body = body ?? RequestBody.EMPTY;
  }

  getMethod(): string {
    return this.method;
  }

  getUri(): URL {
    return new URL(this.uri.href);
  }

  /** Path plus query exactly as they go on the wire: what the APIv3 signature covers. */
  getRequestTarget(): string {
    return this.uri.pathname + this.uri.search;
  }

  getHeaders(): Record<string, string[]> {
    return this.headers.toRecord();
  }

  getHeader(name: string): string[] {
    return this.headers.get(name);
  }

  getHeaderLine(name: string): string {
    return this.headers.get(name).join(', ');
  }

  hasHeader(name: string): boolean {
    return this.headers.has(name);
  }

  getBody(): RequestBody {
    return this.body;
  }

  withHeader(name: string, value: string | readonly string[]): Request {
    return new Request(this.method, this.uri, this.headers.with(name, value), this.body);
  }

  withAddedHeader(name: string, value: string): Request {
    return new Request(this.method, this.uri, this.headers.withAdded(name, value), this.body);
  }

  withoutHeader(name: string): Request {
    return new Request(this.method, this.uri, this.headers.without(name), this.body);
  }

  withBody(body: RequestBody): Request {
    return new Request(this.method, this.uri, this.headers, body);
  }

  withUri(uri: URL | string): Request {
    return new Request(this.method, uri, this.headers, this.body);
  }

  withMethod(method: string): Request {
    return new Request(method, this.uri, this.headers, this.body);
  }

  /** Safe to log: the Authorization signature is redacted. */
  toJSON(): Record<string, unknown> {
    return { method: this.method, uri: this.uri.href, headers: redactedHeaders(this.headers) };
  }
}

/** Header names whose values are credentials or signatures: only a short prefix is ever shown. */
const SIGNATURE_HEADERS = new Set(['wechatpay-signature', 'signature']);

export function redactedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    out[name] = SIGNATURE_HEADERS.has(name.toLowerCase()) ? `${value.slice(0, 8)}…[REDACTED]` : redact(value);
  }
  return out;
}
