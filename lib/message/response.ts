/**
 * A received response, fully read. PSR-7 getters for code ported from PHP, plus `status`, `headers`,
 * `text()` and `json()` for TypeScript code. Under both verb kinds the body has been read and, for
 * APIv3, verified before anyone sees it.
 */
import { STATUS_CODES } from 'node:http';
import { Headers, type HeaderInput } from './headers';

/** The body: `String(body)` is its text, as PHP's `(string) $response->getBody()`. */
export class ResponseBody {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  toString(): string {
    return this.#bytes.toString('utf8');
  }

  getContents(): string {
    return this.toString();
  }

  getSize(): number {
    return this.#bytes.length;
  }

  /** The raw bytes (what the signature covers). */
  bytes(): Buffer {
    return this.#bytes;
  }
}

export class Response<T = unknown> {
  readonly status: number;
  readonly reasonPhrase: string;
  readonly #headers: Headers;
  readonly #body: ResponseBody;

  /**
   * How many bytes of the body went into the verb's `sink` instead of this Response (whose body is then
   * empty); undefined when the body is here.
   */
  readonly streamedBytes: number | undefined;
  /**
   * With `streamedBytes`: SHA-256 of `Wechatpay-Timestamp\nWechatpay-Nonce\n` + the bytes written + `\n`,
   * hashed while they streamed, so the verifier checks the signature over exactly what the sink received.
   */
  readonly streamedDigest: Uint8Array | undefined;

  constructor(status: number, headers?: HeaderInput | Headers, body?: Buffer | string, reasonPhrase?: string, streamedBytes?: number, streamedDigest?: Uint8Array) {
    this.status = status;
    this.streamedBytes = streamedBytes;
    this.streamedDigest = streamedDigest;
    this.reasonPhrase = reasonPhrase || STATUS_CODES[status] || '';
    this.#headers = Headers.from(headers);
    this.#body = new ResponseBody(typeof body === 'string' ? Buffer.from(body) : body ?? Buffer.alloc(0));
  }

  getStatusCode(): number {
    return this.status;
  }

  getReasonPhrase(): string {
    return this.reasonPhrase;
  }

  getHeaders(): Record<string, string[]> {
    return this.#headers.toRecord();
  }

  getHeader(name: string): string[] {
    return this.#headers.get(name);
  }

  getHeaderLine(name: string): string {
    return this.#headers.get(name).join(', ');
  }

  hasHeader(name: string): boolean {
    return this.#headers.has(name);
  }

  getBody(): ResponseBody {
    return this.#body;
  }

  /** Lower-case name → values joined by ', '. */
  get headers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, values] of Object.entries(this.#headers.toRecord())) out[name.toLowerCase()] = values.join(', ');
    return out;
  }

  /** The header list itself (ordered, case-insensitive). */
  get headerList(): Headers {
    return this.#headers;
  }

  text(): string {
    return this.#body.toString();
  }

  /** The body parsed as JSON. Throws a SyntaxError naming the status when it is not JSON. */
  json<R = T>(): R {
    const text = this.text();
    try {
      return JSON.parse(text) as R;
    } catch (cause) {
      throw new SyntaxError(`The ${this.status} response body is not JSON: ${text.slice(0, 80)}`, { cause });
    }
  }

  withHeader(name: string, value: string | readonly string[]): Response<T> {
    return new Response<T>(this.status, this.#headers.with(name, value), this.#body.bytes(), this.reasonPhrase, this.streamedBytes, this.streamedDigest);
  }

  withoutHeader(name: string): Response<T> {
    return new Response<T>(this.status, this.#headers.without(name), this.#body.bytes(), this.reasonPhrase, this.streamedBytes, this.streamedDigest);
  }

  withBody(body: Buffer | string): Response<T> {
    return new Response<T>(this.status, this.#headers, typeof body === 'string' ? Buffer.from(body) : body, this.reasonPhrase);
  }

  withStatus(status: number, reasonPhrase?: string): Response<T> {
    return new Response<T>(status, this.#headers, this.#body.bytes(), reasonPhrase, this.streamedBytes, this.streamedDigest);
  }
}
