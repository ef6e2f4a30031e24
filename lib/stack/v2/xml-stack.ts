/**
 * The APIv2 (XML) client's HandlerStack entries, outermost first, named as in wechatpay-php:
 *   transform_response  parses and checks the reply: return_code, sign, result_code
 *   http_errors         4xx/5xx → ClientException / ServerException carrying the XML fields
 *   allow_redirects     follows a same-origin redirect when the request asks
 *   transform_request   mch_id check, nonce_str, sign, XML body (or signed query for GET)
 *   prepare_body        Content-Type `text/xml; charset=utf-8`, Content-Length
 * Every entry is synchronous code, so the stack serves both verb kinds.
 */
import type { HandlerStack } from '../handler-stack';
import { httpErrors } from '../http-errors';
import { prepareBody } from '../prepare-body';
import { redirects } from '../redirects';
import type { Handler } from '../types';
import { transformRequest, type V2Credentials } from './transform-request';
import { transformResponse } from './transform-response';
import { parseXmlErrorBody } from './xml-error-body';

export const V2_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** `terminal` undefined keeps the stack's own handler (one given with the config, such as a mock). */
export function xmlStack(stack: HandlerStack, credentials: V2Credentials, terminal: Handler | undefined): HandlerStack {
  if (terminal) stack.setHandler(terminal);
  stack.push(transformResponse(credentials), 'transform_response');
  stack.push(httpErrors(parseXmlErrorBody), 'http_errors');
  stack.push(redirects(), 'allow_redirects');
  stack.push(transformRequest(credentials), 'transform_request');
  stack.push(prepareBody(V2_CONTENT_TYPE), 'prepare_body');
  return stack;
}
