/**
 * `signer`: the APIv3 `Authorization` header, WECHATPAY2-SHA256-RSA2048 over
 * METHOD\nrequest-target\ntimestamp\nnonce\nbody\n — the exact target and body bytes that will be sent.
 * Under synchronous verbs the RSA work runs inline. Under promise verbs it runs inline when the request is
 * alone and on libuv's thread pool when requests overlap (see rsa-load.ts), so C=1 pays no thread hop and
 * throughput at high concurrency grows with cores; a merchant's first signature in a while is made inline.
 */
import { Formatter } from '../formats/formatter';
import type { MerchantKey } from '../keys/merchant-key';
import { Rsa } from '../crypto/rsa';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import { enterExchange, leaveExchange } from '../crypto/rsa-load';
import type { Handler, HandlerOptions, Middleware, Settled } from './types';
import { rememberSignature } from '../redact';
import { valueEntry } from './settle';

export interface SignerCredentials {
  readonly mchid: string;
  /** Serial of the merchant API certificate. */
  readonly serial: string;
  /** Asked for its parsed key per request: kept parsed while the merchant is busy, re-parsed after idling. */
  readonly privateKey: MerchantKey;
}

/** Signs requests for one merchant: the work of the `signer` entry, shared with the fused default stack. */
export class RequestSigner {
  readonly #credentials: SignerCredentials;

  constructor(credentials: SignerCredentials) {
    this.#credentials = credentials;
  }

  /**
   * `request` with its Authorization header: now, or (`onPool`, for a promise verb whose request overlaps
   * others) once libuv's thread pool has signed. A key parsed for this call alone (the merchant's first call
   * in a while) always signs here: OpenSSL builds a key's signing state in the thread that first signs with
   * it, and a pool thread's allocator would keep those pages once the key is freed (about 20 MB over 10,000
   * merchants signing once each).
   */
  sign(request: Request, onPool: boolean): Request | Promise<Request> {
    const { mchid, serial, privateKey: merchantKey } = this.#credentials;
    const privateKey = merchantKey.use();
    const timestamp = Formatter.timestamp();
    const nonce = Formatter.nonce();
    const message = Formatter.request(request.getMethod(), request.getRequestTarget(), timestamp, nonce, request.getBody().toString());
    const signed = (signature: string): Request => {
      rememberSignature(request, signature); // so an error raised outside this entry can mask an echo of it
      return request.withHeader('Authorization', Formatter.authorization(mchid, nonce, signature, timestamp, serial));
    };
    if (!onPool || !merchantKey.isParsed) return signed(Rsa.sign(message, privateKey));
    return Rsa.signAsync(message, privateKey).then(signed);
  }

  /**
   * A promise verb's signed exchange: signs (inline when alone, see rsa-load.ts), hands the signed request to
   * `send`, and counts the exchange as under way until its answer or failure. Never throws: a failure rejects.
   */
  exchange(request: Request, options: HandlerOptions, send: Handler): Promise<Response> {
    return this.start(request, options, send).then(leftWith, leftFailing);
  }

  /** `exchange()` without its end: the caller calls `leaveExchange()` once the answer or failure is in. */
  start(request: Request, options: HandlerOptions, send: Handler): Promise<Response> {
    const alone = enterExchange();
    let sent: Settled<Response>;
    try {
      const signed = this.sign(request, !alone);
      sent = signed instanceof Promise ? signed.then((ready) => send(ready, options)) : send(signed, options);
    } catch (error) {
      sent = Promise.reject(error);
    }
    return Promise.resolve(sent);
  }
}

function leftWith(response: Response): Response {
  leaveExchange();
  return response;
}

/** The end of a failed exchange (see `start`). */
export function leftFailing(error: unknown): never {
  leaveExchange();
  throw error;
}

export function signer(credentials: SignerCredentials): Middleware {
  return signerEntry(new RequestSigner(credentials));
}

/** The `signer` entry around a given signer. */
export function signerEntry(requestSigner: RequestSigner): Middleware {
  return valueEntry((next) => (request, options) =>
    options.sync ? next(requestSigner.sign(request, false) as Request, options) : requestSigner.exchange(request, options, next));
}
