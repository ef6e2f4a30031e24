/**
 * The checks every signed message from WeChat Pay must pass, APIv3 responses and callback notifications
 * alike (docs/protocol.md §2), in order, stopping at the first failure:
 *   1. headers    the four Wechatpay-* headers are present
 *   2. clock      Wechatpay-Timestamp is within ±300 s of our clock
 *   3. serial     Wechatpay-Serial names a key we hold (platform certificate serial or PUB_KEY_ID_…)
 *   4. probe      a `WECHATPAY/SIGNTEST/` signature is probe traffic: a failure of its own, never success
 *   5. signature  SHA256withRSA over `timestamp\nnonce\nbody\n`, body = the raw bytes received
 * A failure is returned as a value, so each caller raises its own error class with its own code.
 * An unknown serial may be a new platform certificate: a source that can fetch (a CertificateManager,
 * through `refresh`/`refreshSync`) is asked once, and the checks run again.
 */
import { constants, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { CertificateSource } from './certificate-store';
import { decodeBase64Strict } from '../crypto/base64';
import { Rsa } from '../crypto/rsa';

/** Seconds a `Wechatpay-Timestamp` may differ from our clock (PHP's `MAXIMUM_CLOCK_OFFSET`). */
export const MAXIMUM_CLOCK_OFFSET = 300;
export const SIGNATURE_PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';
const RSA_SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

/** The header values as received (first value of each); `undefined` when absent. */
export interface SignatureHeaders {
  readonly timestamp: string | undefined;
  readonly nonce: string | undefined;
  readonly signature: string | undefined;
  readonly serial: string | undefined;
  /** `Wechatpay-Signature-Type`, optional on the wire; only the RSA type is supported. */
  readonly signatureType?: string | undefined;
}

export type SignatureCheckStep = 'headers' | 'clock' | 'serial' | 'probe' | 'signature';

export interface SignatureCheckFailure {
  readonly step: SignatureCheckStep;
  /** Names the check and the values involved; never the signature itself. */
  readonly message: string;
}

export interface SignatureCheckInput {
  /** What is checked, for messages: `response`, `notification`. */
  readonly subject: string;
  readonly headers: SignatureHeaders;
  /** The raw body: bytes as received, or the text they decode to. */
  readonly body: string | Uint8Array;
  /**
   * For a body streamed into a sink instead of kept: SHA-256 of `timestamp\nnonce\nbody\n` over the bytes
   * written. When set, the signature is checked over this digest and `body` is not read.
   */
  readonly signedDigest?: Uint8Array | undefined;
  readonly certs: CertificateSource;
  /** Our clock, in Unix seconds. */
  readonly nowSeconds: number;
}

type Prepared =
  | { readonly failure: SignatureCheckFailure }
  | {
      readonly failure?: undefined;
      readonly message: Buffer;
      readonly digest: Uint8Array | undefined;
      readonly signature: string;
      readonly key: KeyObject;
    };

/** Runs every check on this thread; `undefined` means verified. */
export function checkSignature(input: SignatureCheckInput): SignatureCheckFailure | undefined {
  const failure = checkOnce(input);
  if (failure?.step !== 'serial' || !input.certs.refreshSync) return failure;
  input.certs.refreshSync(input.headers.serial!);
  return checkOnce(input);
}

/**
 * `checkSignature` for promise callers: an unknown serial is refreshed asynchronously, and the RSA
 * verification runs on libuv's thread pool (for servers under load).
 */
export async function checkSignatureAsync(input: SignatureCheckInput): Promise<SignatureCheckFailure | undefined> {
  const failure = await checkOnceAsync(input);
  if (failure?.step !== 'serial' || !input.certs.refresh) return failure;
  await input.certs.refresh(input.headers.serial!);
  return checkOnceAsync(input);
}

/**
 * `checkSignature` for promise callers on this thread (the verbs' verifier, and a notification parsed while no
 * other is): every check here, RSA included (a public-key verification costs about as much CPU as handing it
 * to the pool and back), so the answer is a plain value; only an unknown serial, refreshed asynchronously,
 * makes it a Promise.
 */
export function checkSignatureInline(input: SignatureCheckInput): SignatureCheckFailure | undefined | Promise<SignatureCheckFailure | undefined> {
  const failure = checkOnce(input);
  if (failure?.step !== 'serial' || !input.certs.refresh) return failure;
  // Through a native Promise: whatever `then` another library's thenable has, the checks run again after it.
  return Promise.resolve(input.certs.refresh(input.headers.serial!)).then(() => checkOnce(input));
}

function checkOnce(input: SignatureCheckInput): SignatureCheckFailure | undefined {
  const prepared = prepare(input);
  if (prepared.failure) return prepared.failure;
  if (prepared.digest) return verifyDigest(prepared.digest, prepared.signature, prepared.key) ? undefined : mismatch(input);
  return Rsa.verify(prepared.message, prepared.signature, prepared.key) ? undefined : mismatch(input);
}

async function checkOnceAsync(input: SignatureCheckInput): Promise<SignatureCheckFailure | undefined> {
  const prepared = prepare(input);
  if (prepared.failure) return prepared.failure;
  if (prepared.digest) return verifyDigest(prepared.digest, prepared.signature, prepared.key) ? undefined : mismatch(input);
  return (await Rsa.verifyAsync(prepared.message, prepared.signature, prepared.key)) ? undefined : mismatch(input);
}

/** Steps 1–4, which need no RSA, and the verification string for step 5. */
function prepare({ subject, headers, body, signedDigest, certs, nowSeconds }: SignatureCheckInput): Prepared {
  const { timestamp, nonce, signature, serial, signatureType } = headers;
  if (timestamp === undefined || nonce === undefined || signature === undefined || serial === undefined) {
    const missing = Object.entries({ timestamp, nonce, signature, serial })
      .filter(([, value]) => value === undefined)
      .map(([name]) => `Wechatpay-${name[0]!.toUpperCase()}${name.slice(1)}`);
    return fail('headers', `The ${subject}'s headers are incomplete: missing ${missing.join(', ')}.`);
  }
  const offset = Math.abs(nowSeconds - Number(timestamp));
  if (!/^\d{1,12}$/.test(timestamp) || offset > MAXIMUM_CLOCK_OFFSET) {
    const distance = /^\d{1,12}$/.test(timestamp) ? `${offset} s away from` : 'not a Unix time, compared with';
    return fail('clock', `The ${subject}'s Wechatpay-Timestamp (${clip(timestamp)}) is ${distance} this machine's clock (${nowSeconds}); ±${MAXIMUM_CLOCK_OFFSET} s is allowed.`);
  }
  const key = certs.get(serial);
  if (!key) {
    return fail('serial', `The ${subject}'s Wechatpay-Serial \`${clip(serial)}\` is not one of the configured certs (${certs.serials().join(', ') || 'none'}).`);
  }
  if (signature.startsWith(SIGNATURE_PROBE_PREFIX)) {
    return fail('probe', `The ${subject} carries a ${SIGNATURE_PROBE_PREFIX} probe signature: WeChat Pay is checking that signatures are verified. Rejected, as it must be.`);
  }
  if (signatureType !== undefined && signatureType !== RSA_SIGNATURE_TYPE) {
    return fail('signature', `The ${subject}'s Wechatpay-Signature-Type is \`${clip(signatureType)}\`; only ${RSA_SIGNATURE_TYPE} is supported.`);
  }
  if (signedDigest) return { message: EMPTY, digest: signedDigest, signature, key };
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = `${timestamp}\n${nonce}\n`;
  // One buffer holding `timestamp\nnonce\nbody\n`, written in place.
  const message = Buffer.allocUnsafe(Buffer.byteLength(head) + bodyBytes.byteLength + 1);
  const at = message.write(head);
  message.set(bodyBytes, at);
  message[at + bodyBytes.byteLength] = LINE_FEED;
  return { message, digest: undefined, signature, key };
}

const EMPTY = Buffer.alloc(0);
const LINE_FEED = 0x0a;

/** Step 5's failure, worded only when it happens. */
function mismatch({ subject, headers: { serial, timestamp, nonce } }: SignatureCheckInput): SignatureCheckFailure {
  return {
    step: 'signature',
    message: `The ${subject}'s signature does not verify with the key of serial \`${serial}\` (timestamp=${timestamp}, nonce=${clip(nonce!)}): the body or headers were altered, or the key is wrong.`,
  };
}

/** DER prefix of a SHA-256 DigestInfo: what an RSASSA-PKCS1-v1_5 SHA-256 signature wraps around the digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * SHA256withRSA verification given the SHA-256 digest instead of the message: the RSA public operation
 * with PKCS#1 type-1 padding checked by OpenSSL, then the recovered DigestInfo compared whole, in constant time.
 */
function verifyDigest(digest: Uint8Array, signature: string, key: KeyObject): boolean {
  const signatureBytes = decodeBase64Strict(signature);
  if (!signatureBytes || digest.length !== 32) return false;
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signatureBytes);
  } catch {
    return false; // wrong length, bad padding: not a signature by this key
  }
  const expected = Buffer.concat([SHA256_DIGEST_INFO, digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

function fail(step: SignatureCheckStep, message: string): Prepared {
  return { failure: { step, message } };
}

/** Header values come from the sender: keep messages short whatever arrives. */
function clip(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
