/**
 * `verifier`: every response that gets past `http_errors` (so, below 400) must prove it came from
 * WeChat Pay. Checks, in order, each failing with its own RequestException code:
 *   1. the four Wechatpay-* headers are present
 *   2. Wechatpay-Timestamp is within ±300 s of our clock
 *   3. Wechatpay-Serial names a key we hold (platform certificate serial or PUB_KEY_ID_…)
 *   4. the RSA-SHA256 signature over timestamp\nnonce\nbody\n (raw body bytes) verifies
 * Only the PHP SDK's two file downloads are exempt, matched on the path requested.
 */
import { rmSync } from 'node:fs';
import { RequestException } from '../errors';
import { checkSignature, checkSignatureInline, type SignatureCheckFailure, type SignatureCheckInput } from '../keys/signature-check';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import type { CertificateSource } from '../keys/certificate-store';
import { isThenable, settle, valueEntry } from './settle';
import type { HandlerOptions, Middleware, Settled } from './types';
import { ErrorCode } from '../errors/codes.cjs';

export { MAXIMUM_CLOCK_OFFSET } from '../keys/signature-check';

export const VerificationFailure = {
  HEADERS_INCOMPLETE: ErrorCode.HEADERS_INCOMPLETE,
  CLOCK_OFFSET: ErrorCode.CLOCK_OFFSET,
  UNKNOWN_SERIAL: ErrorCode.UNKNOWN_SERIAL,
  SIGNATURE_PROBE: ErrorCode.SIGNATURE_PROBE,
  SIGNATURE_MISMATCH: ErrorCode.SIGNATURE_MISMATCH,
} as const;

/**
 * Paths whose successful responses are files with no signature (bill file, complaint images). Matched on
 * the path actually requested, wherever it points: under a base URI with a path (`/hk/v3/billdownload/file`)
 * and for an absolute URL (a bill's `download_url` through `{+u}`) alike.
 */
const EXEMPT = /(?:^|\/)v3\/(?:billdownload\/file|merchant-service\/images\/(?!upload$).+)$/i;

export function isExemptFromVerification(pathname: string): boolean {
  const query = pathname.indexOf('?');
  // Case-insensitive by the regular expression's flag: the same answer as lower-casing first (no character
  // outside ASCII lower-cases into these ASCII patterns), without a lower-cased copy per request.
  return EXEMPT.test(query === -1 ? pathname : pathname.slice(0, query));
}

export interface VerifierOptions {
  readonly certs: CertificateSource;
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export function verifier(options: VerifierOptions): Middleware {
  return verifierEntry(new ResponseVerifier(options));
}

/** The `verifier` entry around a given verifier. */
export function verifierEntry(responseVerifier: ResponseVerifier): Middleware {
  return valueEntry((next) => (request, options) => settle(next(request, options), (response) => responseVerifier.check(request, response, options)));
}

/** Checks answers for one client: the work of the `verifier` entry, shared with the fused default stack. */
export class ResponseVerifier {
  readonly #certs: CertificateSource;
  readonly #now: () => number;

  constructor({ certs, now = () => Math.floor(Date.now() / 1000) }: VerifierOptions) {
    this.#certs = certs;
    this.#now = now;
  }

  /** `response` once it has proved it came from WeChat Pay (a Promise only while an unknown serial is refreshed); throws a RequestException if not. */
  check(request: Request, response: Response, options: HandlerOptions): Settled<Response> {
    if (isExemptFromVerification(request.uri.pathname)) return response;
    const headers = response.headerList;
    const input: SignatureCheckInput = {
      subject: 'response',
      // Names in lower case, as Headers compares them: nothing to lower-case per request.
      headers: { timestamp: headers.first('wechatpay-timestamp'), nonce: headers.first('wechatpay-nonce'), signature: headers.first('wechatpay-signature'), serial: headers.first('wechatpay-serial') },
      body: response.getBody().bytes(),
      // A body streamed into a sink is verified over the bytes written, hashed as they went by.
      signedDigest: response.streamedDigest,
      certs: this.#certs,
      nowSeconds: this.#now(),
    };
    if (options.sync) return judged(checkSignature(input), request, response, options);
    // Always on this thread: an RSA public-key verification (~40 µs) costs less CPU than a trip through the
    // thread pool and back. Only a promise verb's refresh of an unknown serial goes asynchronous.
    const failure = checkSignatureInline(input);
    return isThenable(failure) ? settle(failure, (late) => judged(late, request, response, options)) : judged(failure, request, response, options);
  }
}

/** `response` when the checks passed; else the RequestException of the step that failed. */
function judged(failure: SignatureCheckFailure | undefined, request: Request, response: Response, options: HandlerOptions): Response {
  if (failure === undefined) return response;
  // A file the transport created for this response must not survive a failed check: nobody may read it as genuine.
  if (response.streamedDigest !== undefined && typeof options.sink === 'string') rmSync(options.sink, { force: true });
  return fail(request, response, CODE_OF_STEP[failure.step], failure.step === 'headers'
    ? `${failure.message} A ${response.getStatusCode()} response without a signature must be treated as forged.`
    : failure.message);
}

const CODE_OF_STEP: Record<SignatureCheckFailure['step'], string> = {
  headers: VerificationFailure.HEADERS_INCOMPLETE,
  clock: VerificationFailure.CLOCK_OFFSET,
  serial: VerificationFailure.UNKNOWN_SERIAL,
  probe: VerificationFailure.SIGNATURE_PROBE,
  signature: VerificationFailure.SIGNATURE_MISMATCH,
};

function fail(request: Request, response: Response, code: string, message: string): never {
  throw new RequestException(`Response verification failed: ${message}`, request, response, { code });
}
