/**
 * Every described operation that no hand-written handler serves, answered from its description
 * alone. The descriptions are large, so they load on the sandbox's first request, never when
 * `wechatpay-ts/sandbox` is imported.
 */
import type { EndpointDescription } from '../endpoints/types';
import { answerDescribed } from './handlers/described';
import type { Route } from './handlers/route';

/** Routes for all described operations; the router keeps the hand-written route where both exist. */
export function catalogRoutes(): Route[] {
  return describedEndpoints().map((endpoint) => ({ endpoint, handle: answerDescribed }));
}

let loaded: readonly EndpointDescription[] | undefined;

export function describedEndpoints(): readonly EndpointDescription[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  loaded ??= (require('../endpoints') as typeof import('../endpoints')).endpoints;
  return loaded;
}
