/**
 * Every described operation that no hand-written handler serves, answered from its description
 * alone. The descriptions are large, so they load on the sandbox's first request, never when
 * `wechatpay-ts/sandbox` is imported.
 */
import { allOperations } from '../endpoints/operations';
import { answerDescribed } from './handlers/described';
import type { Route } from './handlers/route';

/** Routes for all described operations; the router keeps the hand-written route where both exist. */
export function catalogRoutes(): Route[] {
  return allOperations().map((endpoint) => ({ endpoint, handle: answerDescribed }));
}
