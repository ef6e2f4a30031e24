/**
 * `prepare_body`: headers that follow from the body, set last so entries above may still change the
 * body. A known-size body gets Content-Length; a stream goes out chunked (undici's default) and announces
 * `Expect`-free, since WeChat Pay accepts both.
 */
import type { Middleware } from './types';
import { valueEntry } from './settle';

export function prepareBody(defaultContentType: string): Middleware {
  return valueEntry((next) => (request, options) => {
    let prepared = request;
    const size = request.body.size;
    if (size !== 0 && !prepared.hasHeader('Content-Type')) prepared = prepared.withHeader('Content-Type', defaultContentType);
    if (size !== undefined && size > 0 && !prepared.hasHeader('Content-Length')) prepared = prepared.withHeader('Content-Length', String(size));
    return next(prepared, options);
  });
}
