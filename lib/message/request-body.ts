/**
 * A request body and the text that gets signed for it. For bytes the two are the same; for a media
 * upload (see MediaUtil) the wire carries the multipart stream while the signature covers only the
 * `meta` JSON, which the stream exposes through `toString()` — the PHP SDK's FnStream trick.
 */
import { Readable } from 'node:stream';
import { InvalidArgumentException } from '../errors/argument';

/** Mark a stream's signed text explicitly (MediaUtil uses this). */
export const SIGNED_TEXT = Symbol.for('wechatpay-ts.signedText');

export type BodyInput = string | Uint8Array | Readable | null | undefined;

export class RequestBody {
  static readonly EMPTY = new RequestBody(null, '');

  /** Bytes to send, or a stream (promise verbs; or a stream the sync bridge knows how to read). */
  readonly content: Buffer | Readable | null;
  readonly #signed: string;

  private constructor(content: Buffer | Readable | null, signed: string) {
    this.content = content;
    this.#signed = signed;
  }

  static from(input: BodyInput): RequestBody {
    if (input === null || input === undefined || input === '') return RequestBody.EMPTY;
    if (typeof input === 'string') return RequestBody.fromBytes(Buffer.from(input, 'utf8'));
    if (input instanceof Uint8Array) return RequestBody.fromBytes(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    if (input instanceof Readable) {
      const signed = signedTextOf(input);
      if (signed === undefined) {
        throw new InvalidArgumentException(
          'A stream `body` must say what to sign: WeChat Pay signs the exact body bytes, so pass a Buffer or string, ' +
            'or a MediaUtil stream (which signs its `meta`).',
        );
      }
      return new RequestBody(input, signed);
    }
    throw new InvalidArgumentException(`\`body\` must be a string, a Buffer/Uint8Array or a stream, not ${describe(input)}.`);
  }

  static fromBytes(bytes: Buffer): RequestBody {
    return bytes.length === 0 ? RequestBody.EMPTY : new RequestBody(bytes, bytes.toString('utf8'));
  }

  get isStream(): boolean {
    return this.content instanceof Readable;
  }

  /** Byte length when known (bytes), undefined for a stream. */
  get size(): number | undefined {
    if (this.content === null) return 0;
    return Buffer.isBuffer(this.content) ? this.content.length : undefined;
  }

  /** The text the signature covers, as PHP's `(string) $request->getBody()`. */
  toString(): string {
    return this.#signed;
  }

  /** Same as toString(), PSR-7's name. */
  getContents(): string {
    return this.#signed;
  }

  getSize(): number | null {
    return this.size ?? null;
  }
}

function signedTextOf(stream: Readable): string | undefined {
  const marked = (stream as unknown as Record<symbol, unknown>)[SIGNED_TEXT];
  if (typeof marked === 'string') return marked;
  if (typeof marked === 'function') return String(marked.call(stream));
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`;
}
