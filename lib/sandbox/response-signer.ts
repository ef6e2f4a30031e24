/**
 * Signs responses as WeChat Pay does (docs/protocol.md §2): SHA256withRSA over
 * `timestamp\nnonce\nbody\n` with the platform key of the sandbox's mode, announced by its serial
 * (certificate serial or `PUB_KEY_ID_…`).
 */
import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { Rsa } from '../crypto/rsa';
import { Formatter } from '../formats/formatter';
import { SCHEME } from './authorization';
import { responseNonce } from './ids';

export interface PlatformSigner {
  /** Certificate serial (certificate mode) or `PUB_KEY_ID_…` (public-key mode). */
  readonly serial: string;
  readonly privateKey: KeyObject;
}

/** The `Wechatpay-*` headers for `body`; `probe` replaces the signature with a `WECHATPAY/SIGNTEST/` one. */
export function signatureHeaders(
  signer: PlatformSigner,
  body: Buffer,
  nowSeconds: number,
  probe = false,
): Record<string, string> {
  const nonce = responseNonce();
  const timestamp = String(nowSeconds);
  const message = Buffer.concat([Buffer.from(Formatter.joinedByLineFeed(timestamp, nonce)), body, Buffer.from('\n')]);
  const signature = probe ? `WECHATPAY/SIGNTEST/${randomBytes(192).toString('base64')}` : Rsa.sign(message, signer.privateKey);
  return {
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature-Type': SCHEME,
  };
}
