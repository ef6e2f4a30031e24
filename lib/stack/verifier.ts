/**
 * `verifier`: every response that gets past `http_errors` (so, below 400) must prove it came from
 * WeChat Pay. Checks, in order, each failing with its own RequestException code:
 *   1. the four Wechatpay-* headers are present
 *   2. Wechatpay-Timestamp is within ±300 s of our clock
 *   3. Wechatpay-Serial names a key we hold (platform certificate serial or PUB_KEY_ID_…)
 *   4. the RSA-SHA256 signature over timestamp\nnonce\nbody\n (raw body bytes) verifies
 * Only the PHP SDK's two file downloads are exempt, matched on the API path alone.
 */
import { RequestException } from '../errors';
import { Formatter } from '../formats/formatter';
import { Rsa } from '../crypto/rsa';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import type { CertificateSource } from '../client/certificate-store';
import { settle } from './settle';
import type { Middleware } from './types';

export const MAXIMUM_CLOCK_OFFSET = 300;
const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';

export const VerificationFailure = {
  HEADERS_INCOMPLETE: 'ERR_WECHATPAY_HEADERS_INCOMPLETE',
  CLOCK_OFFSET: 'ERR_WECHATPAY_CLOCK_OFFSET',
  UNKNOWN_SERIAL: 'ERR_WECHATPAY_UNKNOWN_SERIAL',
  SIGNATURE_PROBE: 'ERR_WECHATPAY_SIGNATURE_PROBE',
  SIGNATURE_MISMATCH: 'ERR_WECHATPAY_SIGNATURE_MISMATCH',
} as const;

/** Paths whose successful responses are files with no signature (bill file, complaint images). */
export function isExemptFromVerification(pathname: string): boolean {
  const path = pathname.replace(/^\/+/, '').split('?')[0]!.toLowerCase();
  if (path === 'v3/billdownload/file') return true;
  return path.startsWith('v3/merchant-service/images/') && path !== 'v3/merchant-service/images/upload';
}

export interface VerifierOptions {
  readonly certs: CertificateSource;
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export function verifier({ certs, now = () => Math.floor(Date.now() / 1000) }: VerifierOptions): Middleware {
  return (next) => (request, options) =>
    settle(next(request, options), (response) => {
      if (isExemptFromVerification(options.pathname)) return response;
      const { timestamp, nonce, signature, serial } = readSignatureHeaders(request, response);
      const offset = Math.abs(now() - Number(timestamp));
      if (!/^\d{1,12}$/.test(timestamp) || offset > MAXIMUM_CLOCK_OFFSET) {
        fail(request, response, VerificationFailure.CLOCK_OFFSET,
          `The response's Wechatpay-Timestamp (${timestamp}) is ${Number.isFinite(offset) ? `${offset} s` : 'not a time'} away from this machine's clock (${now()}); ±${MAXIMUM_CLOCK_OFFSET} s is allowed.`);
      }
      const key = certs.get(serial);
      if (!key) {
        fail(request, response, VerificationFailure.UNKNOWN_SERIAL,
          `The response's Wechatpay-Serial \`${serial}\` is not one of the configured certs (${certs.serials().join(', ') || 'none'}).`);
      }
      if (signature.startsWith(PROBE_PREFIX)) {
        fail(request, response, VerificationFailure.SIGNATURE_PROBE,
          'The response carries a WECHATPAY/SIGNTEST/ probe signature: WeChat Pay is checking that responses are verified. Rejected, as it must be.');
      }
      const message = Formatter.response(timestamp, nonce, response.getBody().toString());
      const check = (valid: boolean): Response =>
        valid ? response : fail(request, response, VerificationFailure.SIGNATURE_MISMATCH,
          `The response's signature does not verify with the key of serial \`${serial}\` (timestamp=${timestamp}, nonce=${nonce}): the body or headers were altered, or the key is wrong.`);
      return options.sync ? check(Rsa.verify(message, signature, key)) : Rsa.verifyAsync(message, signature, key).then(check);
    });
}

function readSignatureHeaders(request: Request, response: Response) {
  const read = (name: string) => response.getHeader(name)[0];
  const timestamp = read('Wechatpay-Timestamp');
  const nonce = read('Wechatpay-Nonce');
  const signature = read('Wechatpay-Signature');
  const serial = read('Wechatpay-Serial');
  if (timestamp === undefined || nonce === undefined || signature === undefined || serial === undefined) {
    const missing = [['Wechatpay-Timestamp', timestamp], ['Wechatpay-Nonce', nonce], ['Wechatpay-Signature', signature], ['Wechatpay-Serial', serial]]
      .filter(([, v]) => v === undefined).map(([n]) => n);
    fail(request, response, VerificationFailure.HEADERS_INCOMPLETE,
      `The response's headers are incomplete: missing ${missing.join(', ')}. A ${response.getStatusCode()} response without a signature must be treated as forged.`);
  }
  return { timestamp, nonce, signature, serial };
}

function fail(request: Request, response: Response, code: string, message: string): never {
  throw new RequestException(`Response verification failed: ${message}`, request, response, { code });
}
