/**
 * The `Authorization` check of every APIv3 request (docs/protocol.md §1, §13): scheme and shape,
 * merchant and certificate serial, the ±300 s clock window, the RSA signature over the signing
 * string rebuilt from the bytes that arrived, and nonce reuse inside the window.
 */
import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa';
import { Formatter } from '../formats/formatter';
import { SandboxError } from './errors';
import type { ReplayGuard } from './replay-guard';

export const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const FIELDS = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'] as const;
const PARAM = /^([a-z_]+)="([^"]*)"$/;
/** Requests whose timestamp is further than this from the server clock are refused. */
export const MAX_CLOCK_OFFSET_SECONDS = 300;
/** The real API echoes the signing string it built, cut to a readable length. */
const TRUNCATE_AT = 1024;

export type Credentials = { readonly [K in (typeof FIELDS)[number]]: string };

/** What the check needs to know about the one merchant this sandbox serves. */
export interface MerchantIdentity {
  readonly mchid: string;
  readonly serial: string;
  readonly publicKey: KeyObject;
}

/** What arrived: method, raw request-target, and the bytes that were signed (the body, or a multipart `meta`). */
export interface SignedRequest {
  readonly method: string;
  readonly target: string;
  readonly authorization: string | undefined;
  readonly signedBody: Buffer;
}

const formatError = (): SandboxError =>
  new SandboxError('SIGN_ERROR', 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');

/** Splits the header into its five fields; any other shape is the documented format error. */
export function parseAuthorization(header: string | undefined): Credentials {
  if (!header || !header.startsWith(`${SCHEME} `)) throw formatError();
  const found = new Map<string, string>();
  for (const pair of header.slice(SCHEME.length + 1).split(',')) {
    const match = PARAM.exec(pair);
    if (!match || found.has(match[1]!)) throw formatError();
    found.set(match[1]!, match[2]!);
  }
  if (found.size !== FIELDS.length || !FIELDS.every((name) => found.get(name))) throw formatError();
  return Object.fromEntries(found) as Credentials;
}

/** Verifies the request; returns the caller's credentials or throws the SIGN_ERROR the real API sends. */
export function checkAuthorization(
  request: SignedRequest,
  merchant: MerchantIdentity,
  nowSeconds: number,
  replays: ReplayGuard,
): Credentials {
  const credentials = parseAuthorization(request.authorization);
  if (credentials.mchid !== merchant.mchid) {
    throw new SandboxError('SIGN_ERROR', `商户号${credentials.mchid}不存在或未开通APIv3，验签失败`, {
      field: 'mchid',
      value: credentials.mchid,
      issue: 'unknown merchant',
      location: 'authorization',
    });
  }
  if (credentials.serial_no.toUpperCase() !== merchant.serial) {
    throw new SandboxError('SIGN_ERROR', '商户API证书序列号serial_no不正确或证书已失效，验签失败', {
      field: 'serial_no',
      value: credentials.serial_no,
      issue: 'not the serial of the merchant API certificate',
      location: 'authorization',
    });
  }
  const timestamp = /^\d{1,10}$/.test(credentials.timestamp) ? Number(credentials.timestamp) : NaN;
  if (!(Math.abs(nowSeconds - timestamp) <= MAX_CLOCK_OFFSET_SECONDS)) {
    throw new SandboxError('SIGN_ERROR', 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟');
  }

  const message = Buffer.concat([
    Buffer.from(Formatter.joinedByLineFeed(request.method, request.target, credentials.timestamp, credentials.nonce_str)),
    request.signedBody,
    Buffer.from('\n'),
  ]);
  if (!Rsa.verify(message, credentials.signature, merchant.publicKey)) {
    throw new SandboxError('SIGN_ERROR', '错误的签名，验签失败', {
      field: 'signature',
      location: 'authorization',
      detail: { issue: 'sign not match' },
      sign_information: {
        method: request.method,
        url: request.target,
        sign_message_length: message.length,
        truncated_sign_message: message.toString('utf8').slice(0, TRUNCATE_AT),
      },
    });
  }
  // Counted only once the signature holds, so a forger cannot burn a merchant's nonces.
  if (!replays.admit(`${credentials.mchid}\n${credentials.nonce_str}`, timestamp, nowSeconds)) {
    throw new SandboxError('SIGN_ERROR', '请求的nonce_str在5分钟内已被使用，疑似重放请求，验签失败', {
      field: 'nonce_str',
      value: credentials.nonce_str,
      issue: 'nonce reused within the timestamp window',
      location: 'authorization',
    });
  }
  return credentials;
}
