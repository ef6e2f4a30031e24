/**
 * The signature doctor: for a request the sandbox refused with `401 SIGN_ERROR`, rebuild the signing
 * string from the bytes that arrived, line by line, and say in words what is wrong. The RSA signature
 * is opened with the merchant's public key, which yields the SHA-256 of what the client really signed;
 * comparing it with the common mistakes (signed-variants.ts) names the one the client made.
 */
import { constants, createHash, publicDecrypt, type KeyObject } from 'node:crypto';
import { MAX_CLOCK_OFFSET_SECONDS, parseAuthorization, type Credentials, type MerchantIdentity, type SignedRequest } from '../authorization';
import { authorizationShapeFault } from './authorization-shape';
import { signedVariants, type SignedVariant } from './signed-variants';

export type SignatureFault =
  | 'authorization_malformed'
  | 'unknown_merchant'
  | 'wrong_serial'
  | 'bad_timestamp'
  | 'clock_skew'
  | 'not_a_signature'
  | 'wrong_digest'
  | 'wrong_key'
  | 'signed_differently'
  | 'nonce_reused';

/** The five lines the server signs over, as it rebuilt them from the request it received. */
export interface SigningString {
  readonly method: string;
  readonly request_target: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly body: { readonly length: number; readonly sha256: string; readonly text: string; readonly truncated: boolean };
  /** SHA-256 of the whole signing string the server verified against. */
  readonly sha256: string;
}

export interface SignatureDiagnosis {
  readonly fault: SignatureFault;
  /** What is wrong, in words a developer can act on. */
  readonly diagnosis: string;
  readonly signing_string?: SigningString;
}

/** Serials a client may confuse with the merchant's own, with what each one is. */
export interface KnownSerial {
  readonly serial: string;
  readonly what: string;
}

export interface DoctorInput {
  readonly request: SignedRequest;
  readonly merchant: MerchantIdentity;
  readonly nowSeconds: number;
  readonly knownSerials: readonly KnownSerial[];
  /** The replay guard refused the nonce (only it knows; the signature itself was good). */
  readonly nonceReused: boolean;
}

/** Bodies are shown up to this many characters; length and SHA-256 always cover all of it. */
const BODY_TEXT_LIMIT = 4096;
const DIGEST_INFO = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha1: Buffer.from('3021300906052b0e03021a05000414', 'hex'),
};

export function diagnoseSignature(input: DoctorInput): SignatureDiagnosis {
  const { request, merchant, nowSeconds } = input;
  const shape = authorizationShapeFault(request.authorization);
  if (shape !== undefined) return { fault: 'authorization_malformed', diagnosis: shape };
  const credentials = parseAuthorization(request.authorization);
  const signingString = rebuild(request, credentials);
  const found = (fault: SignatureFault, diagnosis: string): SignatureDiagnosis => ({ fault, diagnosis, signing_string: signingString });

  if (credentials.mchid !== merchant.mchid) {
    return found('unknown_merchant', `mchid "${credentials.mchid}" is not this sandbox's merchant: sign as mchid ${merchant.mchid}.`);
  }
  if (credentials.serial_no.toUpperCase() !== merchant.serial) {
    const known = input.knownSerials.find(({ serial }) => serial.toUpperCase() === credentials.serial_no.toUpperCase());
    return found(
      'wrong_serial',
      `serial_no "${credentials.serial_no}" is not the serial of the merchant API certificate (${merchant.serial}).` +
        (known ? ` It is ${known.what}: Authorization names the merchant's own certificate; the platform's serial goes in the Wechatpay-Serial header only.` : ''),
    );
  }
  const timestampFault = clockFault(credentials.timestamp, nowSeconds);
  if (timestampFault) return found(timestampFault.fault, timestampFault.words);
  if (input.nonceReused) {
    return found(
      'nonce_reused',
      `nonce_str "${credentials.nonce_str}" was already used by an earlier request in the last ${MAX_CLOCK_OFFSET_SECONDS / 60} minutes, so this one looks like a replay. Draw a fresh nonce for every request, a retry included (and sign it again).`,
    );
  }
  return found(...signatureFault(request, credentials, merchant.publicKey));
}

function clockFault(timestamp: string, nowSeconds: number): { fault: SignatureFault; words: string } | undefined {
  if (!/^\d{1,10}$/.test(timestamp)) {
    const words = /^\d{13}$/.test(timestamp)
      ? `timestamp "${timestamp}" has 13 digits: it is in milliseconds. WeChat Pay wants Unix time in seconds (${Math.floor(Number(timestamp) / 1000)}).`
      : `timestamp "${timestamp}" is not Unix time in seconds (up to 10 digits).`;
    return { fault: 'bad_timestamp', words };
  }
  const offset = Number(timestamp) - nowSeconds;
  if (Math.abs(offset) <= MAX_CLOCK_OFFSET_SECONDS) return undefined;
  const when = new Date(Number(timestamp) * 1000).toISOString();
  return {
    fault: 'clock_skew',
    words: `Clock ${Math.abs(offset)} s off: the request's timestamp ${timestamp} (${when}) is ${Math.abs(offset)} s ${offset < 0 ? 'behind' : 'ahead of'} the sandbox's clock; at most ${MAX_CLOCK_OFFSET_SECONDS} s is allowed. Sync the client's clock, or sign each request (a retry too) when it is sent.`,
  };
}

function signatureFault(request: SignedRequest, credentials: Credentials, publicKey: KeyObject): [SignatureFault, string] {
  const signature = credentials.signature;
  const raw = /^[A-Za-z0-9+/]+={0,2}$/.test(signature) ? Buffer.from(signature, 'base64') : Buffer.alloc(0);
  if (raw.length !== 256) {
    return ['not_a_signature', `signature is not the Base64 of a 2048-bit RSA signature (it decodes to ${raw.length} bytes, 256 expected). Sign with SHA256withRSA and Base64-encode the result, without line breaks.`];
  }
  let digestInfo: Buffer;
  try {
    digestInfo = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, raw);
  } catch {
    return [
      'wrong_key',
      'The signature was not made with the private key of the merchant API certificate named by serial_no: the client signs with another key (check apiclient_key.pem belongs to that certificate).',
    ];
  }
  if (digestInfo.subarray(0, DIGEST_INFO.sha1.length).equals(DIGEST_INFO.sha1)) {
    return ['wrong_digest', 'The signature uses SHA-1: WeChat Pay APIv3 wants SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256).'];
  }
  if (!digestInfo.subarray(0, DIGEST_INFO.sha256.length).equals(DIGEST_INFO.sha256)) {
    return ['wrong_digest', 'The signature is made with the merchant key but not as SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256).'];
  }
  const signedDigest = digestInfo.subarray(DIGEST_INFO.sha256.length).toString('hex');
  const variants = signedVariants(request.method, request.target, request.signedBody);
  for (const variant of variants) {
    if (sha256(messageOf(variant, credentials)) === signedDigest) return ['signed_differently', variant.explanation];
  }
  return [
    'signed_differently',
    `The signature was made with the merchant's key, but over a different signing string from the one rebuilt below (you signed SHA-256 ${signedDigest.slice(0, 16)}…). ` +
      'Compare yours line by line: the method, the request target with its query exactly as sent, the timestamp and nonce exactly as in Authorization, then the body byte for byte, each line ended by "\\n".',
  ];
}

function messageOf(variant: SignedVariant, credentials: Credentials): Buffer {
  const separator = variant.separator ?? '\n';
  const [first, second] = variant.swapTimestampAndNonce ? [credentials.nonce_str, credentials.timestamp] : [credentials.timestamp, credentials.nonce_str];
  return Buffer.concat([
    Buffer.from([variant.method, variant.target, first, second].join(separator) + separator),
    variant.body,
    Buffer.from(variant.finalNewline === false ? '' : separator),
  ]);
}

function rebuild(request: SignedRequest, credentials: Credentials): SigningString {
  const body = request.signedBody;
  const text = body.toString('utf8');
  return {
    method: request.method,
    request_target: request.target,
    timestamp: credentials.timestamp,
    nonce: credentials.nonce_str,
    body: { length: body.length, sha256: sha256(body), text: text.slice(0, BODY_TEXT_LIMIT), truncated: text.length > BODY_TEXT_LIMIT },
    sha256: sha256(messageOf({ method: request.method, target: request.target, body, explanation: '' }, credentials)),
  };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
