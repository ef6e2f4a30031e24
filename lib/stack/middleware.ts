/**
 * Guzzle's `Middleware` helpers. The functions given here must be synchronous when the stack serves a
 * synchronous verb; under a promise verb they may return a Promise.
 */
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import { settle, valueEntry } from './settle';
import type { HandlerOptions, Middleware as MiddlewareFn, Settled } from './types';

/** A stack entry: `(next) => (request, options) => response`. */
export type Middleware = MiddlewareFn;

export const Middleware = {
  /** An entry that rewrites the request before it goes on. */
  mapRequest(fn: (request: Request, options: HandlerOptions) => Settled<Request>): Middleware {
    return valueEntry((next) => (request, options) => settle(fn(request, options), (mapped) => next(mapped, options)));
  },

  /** An entry that rewrites the response on its way back. */
  mapResponse(fn: (response: Response, options: HandlerOptions) => Settled<Response>): Middleware {
    return valueEntry((next) => (request, options) => settle(next(request, options), (response) => fn(response, options)));
  },

  /** Calls `before(request)` and `after(request, response)` around the rest of the stack, changing nothing. */
  tap(before?: (request: Request, options: HandlerOptions) => void, after?: (request: Request, response: Response) => void): Middleware {
    return valueEntry((next) => (request, options) => {
      before?.(request, options);
      return settle(next(request, options), (response) => {
        after?.(request, response);
        return response;
      });
    });
  },
} as const;
