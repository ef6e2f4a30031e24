/**
 * `signer`: the APIv3 `Authorization` header, WECHATPAY2-SHA256-RSA2048 over
 * METHOD\nrequest-target\ntimestamp\nnonce\nbody\n — the exact target and body bytes that will be sent.
 * Under promise verbs the RSA work runs on libuv's thread pool (node:crypto's callback form), so
 * throughput grows with cores; under synchronous verbs it runs inline.
 */
import type { KeyObject } from 'node:crypto';
import { Formatter } from '../formats/formatter';
import { Rsa } from '../crypto/rsa';
import type { Request } from '../message/request';
import { rememberSignature } from '../redact';
import type { Middleware } from './types';
import { valueEntry } from './settle';

export interface SignerCredentials {
  readonly mchid: string;
  /** Serial of the merchant API certificate. */
  readonly serial: string;
  /** Parsed once by the client, never per request. */
  readonly privateKey: KeyObject;
}

export function signer({ mchid, serial, privateKey }: SignerCredentials): Middleware {
  return valueEntry((next) => (request, options) => {
    const timestamp = Formatter.timestamp();
    const nonce = Formatter.nonce();
    const message = Formatter.request(request.getMethod(), request.getRequestTarget(), timestamp, nonce, request.getBody().toString());
    const signed = (signature: string): Request => {
      rememberSignature(request, signature); // so an error raised outside this entry can mask an echo of it
      return request.withHeader('Authorization', Formatter.authorization(mchid, nonce, signature, timestamp, serial));
    };
    return options.sync
      ? next(signed(Rsa.sign(message, privateKey)), options)
      : Rsa.signAsync(message, privateKey).then((signature) => next(signed(signature), options));
  });
}
