/**
 * `signer`: the APIv3 `Authorization` header, WECHATPAY2-SHA256-RSA2048 over
 * METHOD\nrequest-target\ntimestamp\nnonce\nbody\n — the exact target and body bytes that will be sent.
 * Under synchronous verbs the RSA work runs inline. Under promise verbs it runs inline when the request is
 * alone and on libuv's thread pool when requests overlap (see rsa-load.ts), so C=1 pays no thread hop and
 * throughput at high concurrency grows with cores; a merchant's first signature in a while is made inline.
 */
import type { KeyObject } from 'node:crypto';
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

  /** `request` with its Authorization header, signed on this thread (a synchronous verb's thread is blocked anyway). */
  signNow(request: Request): Request {
    const { message, key, signed } = this.#begin(request);
    return signed(Rsa.sign(message, key));
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
      const { message, key, keyKept, signed } = this.#begin(request);
      // A key parsed for this call alone (the merchant's first call in a while) signs here too: OpenSSL builds a
      // key's signing state in the thread that first signs with it, and a pool thread's allocator would keep
      // those pages once the key is freed (about 20 MB over 10,000 merchants signing once each).
      sent = alone || !keyKept ? send(signed(Rsa.sign(message, key)), options) : Rsa.signAsync(message, key).then((signature) => send(signed(signature), options));
    } catch (error) {
      sent = Promise.reject(error);
    }
    return Promise.resolve(sent);
  }

  /** What signing `request` takes: the message, the key, and what turns a signature into the signed request. */
  #begin(request: Request): Signing {
    const { mchid, serial, privateKey: merchantKey } = this.#credentials;
    const key = merchantKey.use();
    const timestamp = Formatter.timestamp();
    const nonce = Formatter.nonce();
    const message = Formatter.request(request.getMethod(), request.getRequestTarget(), timestamp, nonce, request.getBody().toString());
    const signed = (signature: string): Request => {
      rememberSignature(request, signature); // so an error raised outside this entry can mask an echo of it
      return request.withHeader('Authorization', Formatter.authorization(mchid, nonce, signature, timestamp, serial));
    };
    return { message, key, keyKept: merchantKey.isParsed, signed };
  }
}

interface Signing {
  readonly message: string;
  readonly key: KeyObject;
  /** Whether the process keeps this key parsed (else it was parsed for this call, and signs on this thread). */
  readonly keyKept: boolean;
  readonly signed: (signature: string) => Request;
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
    options.sync ? next(requestSigner.signNow(request), options) : requestSigner.exchange(request, options, next));
}
