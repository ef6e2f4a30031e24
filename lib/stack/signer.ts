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
import type { Handler, HandlerOptions, Middleware } from './types';
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
    const signing = this.#begin(request);
    return signing.signed(Rsa.sign(signing.message, signing.key));
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
    try {
      const signing = this.#begin(request);
      // A key parsed for this call alone (the merchant's first call in a while) signs here too: OpenSSL builds a
      // key's signing state in the thread that first signs with it, and a pool thread's allocator would keep
      // those pages once the key is freed (about 20 MB over 10,000 merchants signing once each).
      if (alone || !signing.keyKept) return Promise.resolve(send(signing.signed(Rsa.sign(signing.message, signing.key)), options));
      return Rsa.signThen(signing.message, signing.key, (signature) => send(signing.signed(signature), options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** What signing `request` takes: the message, the key, and what turns a signature into the signed request. */
  #begin(request: Request): Signing {
    const { mchid, serial, privateKey: merchantKey } = this.#credentials;
    return new Signing(request, mchid, serial, merchantKey.use(), merchantKey.isParsed);
  }
}

/** One request being signed: one object per request, its state in fields, no closure. */
class Signing {
  readonly #request: Request;
  readonly #mchid: string;
  readonly #serial: string;
  readonly #timestamp = Formatter.timestamp();
  readonly #nonce = Formatter.nonce();
  /** The signed text. */
  readonly message: string;
  readonly key: KeyObject;
  /** Whether the process keeps this key parsed (else it was parsed for this call, and signs on this thread). */
  readonly keyKept: boolean;

  constructor(request: Request, mchid: string, serial: string, key: KeyObject, keyKept: boolean) {
    this.#request = request;
    this.#mchid = mchid;
    this.#serial = serial;
    this.key = key;
    this.keyKept = keyKept;
    this.message = Formatter.request(request.getMethod(), request.getRequestTarget(), this.#timestamp, this.#nonce, request.getBody().toString());
  }

  /** The request with its Authorization header. */
  signed(signature: string): Request {
    rememberSignature(this.#request, signature); // so an error raised outside this entry can mask an echo of it
    return this.#request.withHeader('Authorization', Formatter.authorization(this.#mchid, this.#nonce, signature, this.#timestamp, this.#serial));
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
    options.sync ? next(requestSigner.signNow(request), options) : requestSigner.exchange(request, options, next));
}
