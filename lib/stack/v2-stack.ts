/**
 * The APIv2 (XML) client's HandlerStack entries, outermost first, named as in wechatpay-php:
 *   transform_response  parses and checks the reply: return_code, sign, result_code
 *   retry               failover and backoff; outside http_errors (it reads their errors), and the nonce
 *                       and sign below it are made afresh for every attempt
 *   http_errors         4xx/5xx → ClientException / ServerException carrying the XML fields
 *   allow_redirects     same-origin redirects when a request asks
 *   transform_request   mch_id check, nonce_str, sign, XML body (or signed query for GET)
 *   prepare_body        Content-Type `text/xml; charset=utf-8`, Content-Length
 * Every entry is synchronous code, so the stack serves both verb kinds.
 */
import type { HandlerStack } from './handler-stack';
import { httpErrors } from './http-errors';
import { prepareBody } from './prepare-body';
import { redirects } from './redirects';
import { retry, type RetrySettings } from './retry';
import type { Handler } from './types';
import { transformRequest, type V2Credentials } from './v2/transform-request';
import { transformResponse } from './v2/transform-response';
import { parseXmlErrorBody } from './v2/xml-error-body';

export const V2_CONTENT_TYPE = 'text/xml; charset=utf-8';

export interface V2StackSettings extends V2Credentials {
  /** Hosts and policy of the `retry` entry. */
  readonly retry: RetrySettings;
}

/**
 * Fills `stack` (usually a clone of the user's base stack) with the APIv2 entries around `terminal`;
 * a stack that has a handler of its own (one given with the config, such as a mock) keeps it.
 */
export function v2Stack(stack: HandlerStack, settings: V2StackSettings, terminal: Handler): HandlerStack {
  // A handler given with the config (a mock) answers instead of the network.
  if (!stack.hasHandler()) stack.setHandler(terminal);
  stack.push(transformResponse(settings), 'transform_response');
  stack.push(retry(settings.retry), 'retry');
  stack.push(httpErrors(parseXmlErrorBody), 'http_errors');
  stack.push(redirects(), 'allow_redirects');
  stack.push(transformRequest(settings), 'transform_request');
  stack.push(prepareBody(V2_CONTENT_TYPE), 'prepare_body');
  return stack;
}
