/**
 * `http_errors`: a 4xx becomes ClientException and a 5xx ServerException, always carrying the server's
 * body, its parsed WeChat Pay error (`code`, `message`, `detail`) and `Request-ID`. It sits inside the
 * verifier, so an error reply is never turned into a signature error. With the request option
 * `http_errors: false` (Guzzle's) the reply is returned as it is, and the verifier then checks it too.
 */
import { ClientException, ServerException, type WechatpayErrorBody } from '../errors';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import { settle, valueEntry } from './settle';
import type { HandlerOptions, Middleware } from './types';

/** Guzzle cuts the body summary at 120 bytes. */
const SUMMARY_BYTES = 120;

export type ErrorBodyParser = (response: Response) => WechatpayErrorBody | undefined;

export function httpErrors(parseBody: ErrorBodyParser = parseJsonError): Middleware {
  return valueEntry((next) => (request, options) => settle(next(request, options), (response) => checkStatus(request, response, options, parseBody)));
}

/** `response` when it is no HTTP error (or `http_errors: false`); else throws the error `http_errors` raises. */
export function checkStatus(request: Request, response: Response, options: HandlerOptions, parseBody: ErrorBodyParser = parseJsonError): Response {
  const status = response.getStatusCode();
  if (status < 400 || options.http_errors === false) return response;
  const Exception = status < 500 ? ClientException : ServerException;
  throw new Exception(describe(request, response), request, response, parseBody(response));
}

export function parseJsonError(response: Response): WechatpayErrorBody | undefined {
  const text = response.text();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as WechatpayErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function describe(request: Request, response: Response): string {
  const status = response.getStatusCode();
  const kind = status < 500 ? 'Client' : 'Server';
  const body = response.getBody().bytes();
  const summary = body.length > SUMMARY_BYTES ? `${body.subarray(0, SUMMARY_BYTES).toString('utf8')} (truncated...)` : body.toString('utf8');
  const id = response.getHeaderLine('Request-ID');
  return (
    `${kind} error: \`${request.method} ${request.uri.href}\` resulted in a \`${status} ${response.getReasonPhrase()}\` response` +
    (id ? ` (Request-ID ${id})` : '') +
    `:\n${summary}\n`
  );
}
