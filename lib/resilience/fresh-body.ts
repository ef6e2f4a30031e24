/**
 * Sending a request again needs its body again. Bytes can be re-sent as they are; a stream can be read
 * only once, except a parts body (bytes and file ranges, as MediaUtil builds for files and buffers), which
 * is rebuilt from its parts — same bytes, same signed text.
 */
import { Readable } from 'node:stream';
import type { Request } from '../message/request';
import { RequestBody, SIGNED_TEXT } from '../message/request-body';
import { partsBody, partsOf } from '../transport/exchange.cjs';

/** Whether the body can be had again: bytes, nothing, or a parts stream. */
export function canResend(request: Request): boolean {
  const content = request.body.content;
  return !(content instanceof Readable) || partsOf(content) !== undefined;
}

/** The request with a body that has not been read yet, or undefined when its body cannot be had twice. */
export function withFreshBody(request: Request): Request | undefined {
  const content = request.body.content;
  if (!(content instanceof Readable)) return request;
  const parts = partsOf(content);
  if (parts === undefined) return undefined;
  const stream = partsBody(parts);
  Object.defineProperty(stream, SIGNED_TEXT, { value: request.body.toString(), enumerable: false });
  return request.withBody(RequestBody.from(stream));
}
