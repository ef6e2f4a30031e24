/**
 * The APIv2 (XML) client's HandlerStack entries, outermost first, named as in wechatpay-php:
 *   transform_response  parses and checks the reply: return_code, sign, result_code
 *   http_errors         4xx/5xx → ClientException / ServerException carrying the XML fields
 *   transform_request   mch_id check, nonce_str, sign, XML body (or signed query for GET)
 *   prepare_body        Content-Type `text/xml; charset=utf-8`, Content-Length
 * Every entry is synchronous code, so the stack serves both verb kinds.
 */
import type { HandlerStack } from './handler-stack';
import { httpErrors } from './http-errors';
import { prepareBody } from './prepare-body';
import type { Handler } from './types';
import { transformRequest, type V2Credentials } from './v2/transform-request';
import { transformResponse } from './v2/transform-response';
import { parseXmlErrorBody } from './v2/xml-error-body';

export const V2_CONTENT_TYPE = 'text/xml; charset=utf-8';

export function xmlStack(stack: HandlerStack, credentials: V2Credentials, terminal: Handler): HandlerStack {
  stack.setHandler(terminal);
  stack.push(transformResponse(credentials), 'transform_response');
  stack.push(httpErrors(parseXmlErrorBody), 'http_errors');
  stack.push(transformRequest(credentials), 'transform_request');
  stack.push(prepareBody(V2_CONTENT_TYPE), 'prepare_body');
  return stack;
}
