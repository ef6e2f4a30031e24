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
import type { Middleware, Settled } from './types';
import { rememberSignature } from '../redact';
import { valueEntry } from './settle';

export interface SignerCredentials {
  readonly mchid: string;
  /** Serial of the merchant API certificate. */
  readonly serial: string;
  /** Asked for its parsed key per request: kept parsed while the merchant is busy, re-parsed after idling. */
  readonly privateKey: MerchantKey;
}

export function signer({ mchid, serial, privateKey: merchantKey }: SignerCredentials): Middleware {
  return valueEntry((next) => (request, options) => {
    const privateKey = merchantKey.use();
    const timestamp = Formatter.timestamp();
    const nonce = Formatter.nonce();
    const message = Formatter.request(request.getMethod(), request.getRequestTarget(), timestamp, nonce, request.getBody().toString());
    const signed = (signature: string): Request => {
      rememberSignature(request, signature); // so an error raised outside this entry can mask an echo of it
      return request.withHeader('Authorization', Formatter.authorization(mchid, nonce, signature, timestamp, serial));
    };
    if (options.sync) return next(signed(Rsa.sign(message, privateKey)), options);
    const alone = enterExchange();
    let sent: Settled<Response>;
    try {
      // A key parsed for this call alone (the merchant's first call in a while) signs here too: OpenSSL builds a
      // key's signing state in the thread that first signs with it, and a pool thread's allocator would keep
      // those pages once the key is freed (about 20 MB over 10,000 merchants signing once each).
      sent = alone || !merchantKey.isParsed ? next(signed(Rsa.sign(message, privateKey)), options) : Rsa.signAsync(message, privateKey).then((signature) => next(signed(signature), options));
    } catch (error) {
      sent = Promise.reject(error);
    }
    return Promise.resolve(sent).then(
      (response) => {
        leaveExchange();
        return response;
      },
      (error: unknown) => {
        leaveExchange();
        throw error;
      },
    );
  });
}
