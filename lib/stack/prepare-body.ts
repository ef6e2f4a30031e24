/**
 * `prepare_body`: headers that follow from the body, set last so entries above may still change the
 * body. A known-size body gets Content-Length; a stream goes out chunked (undici's default) and announces
 * `Expect`-free, since WeChat Pay accepts both.
 */
import type { Request } from '../message/request';
import type { Middleware } from './types';
import { valueEntry } from './settle';

export function prepareBody(defaultContentType: string): Middleware {
  return valueEntry((next) => (request, options) => next(withBodyHeaders(request, defaultContentType), options));
}

/** `request` with the Content-Type (if it has none) and Content-Length its body calls for. */
export function withBodyHeaders(request: Request, defaultContentType: string): Request {
  let prepared = request;
  const size = request.body.size;
  if (size !== 0 && !prepared.hasHeader('Content-Type')) prepared = prepared.withHeader('Content-Type', defaultContentType);
  if (size !== undefined && size > 0 && !prepared.hasHeader('Content-Length')) prepared = prepared.withHeader('Content-Length', String(size));
  return prepared;
}
