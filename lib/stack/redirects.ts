/**
 * `allow_redirects`, Guzzle's entry of that name, between `http_errors` and `signer` so every hop is signed
 * for the path it goes to. Off unless a request asks (`allow_redirects: true` or `{ max, strict, referer,
 * protocols }`): WeChat Pay does not redirect. A redirect to another origin is never followed, and the 3xx
 * comes back as it is: signing a request for a host the caller did not name would hand that host a
 * signature it could replay.
 */
import { RequestException } from '../errors';
import { ErrorCode } from '../errors/codes.cjs';
import type { Request } from '../message/request';
import { RequestBody } from '../message/request-body';
import type { Response } from '../message/response';
import { settle, valueEntry } from './settle';
import type { Handler, HandlerOptions, Middleware, Settled } from './types';

interface RedirectSettings {
  readonly max: number;
  readonly strict: boolean;
  readonly referer: boolean;
  readonly protocols: readonly string[];
}

/** Guzzle's defaults for `allow_redirects: true`. */
const DEFAULTS: RedirectSettings = { max: 5, strict: false, referer: false, protocols: ['http', 'https'] };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const TOO_MANY_REDIRECTS = ErrorCode.TOO_MANY_REDIRECTS;

export function redirects(): Middleware {
  return valueEntry((next) => (request, options) => {
    const settings = settingsOf(options.allow_redirects);
    return settings ? follow(next, request, options, settings, 0) : next(request, options);
  });
}

/** Whether a request asks the `allow_redirects` entry to follow redirects. */
export function followsRedirects(options: HandlerOptions): boolean {
  return settingsOf(options.allow_redirects) !== undefined;
}

function settingsOf(option: unknown): RedirectSettings | undefined {
  if (option === true) return DEFAULTS;
  if (typeof option !== 'object' || option === null) return undefined;
  return { ...DEFAULTS, ...(option as Partial<RedirectSettings>) };
}

function follow(next: Handler, request: Request, options: HandlerOptions, settings: RedirectSettings, hops: number): Settled<Response> {
  return settle(next(request, options), (response) => {
    const target = nextRequest(request, response, settings);
    if (target === undefined) return response;
    if (hops >= settings.max) {
      throw new RequestException(`Will not follow more than ${settings.max} redirects (allow_redirects.max).`, request, response, { code: TOO_MANY_REDIRECTS });
    }
    return follow(next, target, options, settings, hops + 1);
  });
}

/** The request a redirect asks for, or undefined when it is not one to follow. */
function nextRequest(request: Request, response: Response, settings: RedirectSettings): Request | undefined {
  const status = response.getStatusCode();
  const location = response.getHeaderLine('Location');
  if (!REDIRECTS.has(status) || location === '') return undefined;
  let uri: URL;
  try {
    uri = new URL(location, request.uri);
  } catch {
    return undefined;
  }
  if (uri.origin !== request.uri.origin || !settings.protocols.includes(uri.protocol.slice(0, -1))) return undefined;
  // 303, and 301/302 unless strict, become a GET without a body, as in Guzzle and browsers.
  const toGet = status === 303 || (status <= 302 && !settings.strict);
  if (!toGet && request.body.isStream) return undefined; // a one-shot stream cannot be sent twice
  let next = request.withUri(uri);
  if (toGet && request.method !== 'GET' && request.method !== 'HEAD') {
    next = next.withMethod('GET').withBody(RequestBody.EMPTY).withoutHeader('Content-Type').withoutHeader('Content-Length');
  }
  next = next.withoutHeader('Authorization');
  return settings.referer ? next.withHeader('Referer', refererOf(request.uri)) : next;
}

function refererOf(uri: URL): string {
  const referer = new URL(uri.href);
  referer.username = '';
  referer.password = '';
  referer.hash = '';
  return referer.href;
}
