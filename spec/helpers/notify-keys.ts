/**
 * Keys for the notification specs, generated once per test file (jest isolates modules per file):
 * a WeChat Pay public key with its PUB_KEY_ID_…, a platform certificate (self-signed here) with its
 * serial, and an APIv3 key. `certs` holds both, as a merchant in the middle of the migration would.
 */
import { createPublicKey, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { PemUtil } from '../../lib/crypto/pem-util';
import { generateRsaKeyPair, issueCertificate } from '../../lib/crypto/x509';
import { Notifier, type NotifierOptions } from '../../lib/sandbox/notifier';

export interface NotifyKeys {
  readonly apiv3Key: string;
  readonly publicKeyMode: { readonly id: string; readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  readonly certificateMode: { readonly serial: string; readonly privateKey: KeyObject; readonly certificatePem: string };
  /** Both verification keys by serial. */
  readonly certs: Readonly<Record<string, KeyObject>>;
}

let keys: Promise<NotifyKeys> | undefined;

export function notifyKeys(): Promise<NotifyKeys> {
  keys ??= generate();
  return keys;
}

/** A fresh 32-character key, like the APIv3 keys merchants set. */
export function randomApiv3Key(): string {
  return randomBytes(24).toString('base64').replace(/[+/=]/g, 'x').slice(0, 32);
}

async function generate(): Promise<NotifyKeys> {
  const [publicKeyPair, platformPair] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
  const certificatePem = issueCertificate({
    subject: { CN: 'Tenpay.com sign', O: 'Tenpay.com', C: 'CN' },
    publicKeyPem: platformPair.publicKeyPem,
    selfSigningKeyPem: platformPair.privateKeyPem,
  });
  const serial = PemUtil.parseCertificateSerialNo(certificatePem);
  const id = `PUB_KEY_ID_01${randomBytes(15).toString('hex')}`;
  const publicKey = createPublicKey(publicKeyPair.publicKeyPem);
  return {
    apiv3Key: randomApiv3Key(),
    publicKeyMode: { id, privateKey: createPrivateKey(publicKeyPair.privateKeyPem), publicKey },
    certificateMode: { serial, privateKey: createPrivateKey(platformPair.privateKeyPem), certificatePem },
    certs: { [id]: publicKey, [serial]: createPublicKey(certificatePem) },
  };
}

export type Mode = 'publicKey' | 'certificate';

/** A Notifier signing as WeChat Pay does in `mode`; the caller stops it. */
export function notifierFor(k: NotifyKeys, mode: Mode, options: Partial<NotifierOptions> = {}): Notifier {
  const signer = mode === 'publicKey'
    ? { privateKey: k.publicKeyMode.privateKey, serial: k.publicKeyMode.id }
    : { privateKey: k.certificateMode.privateKey, serial: k.certificateMode.serial };
  return new Notifier({ ...signer, apiv3Key: k.apiv3Key, ...options });
}

/** A paid order as the query endpoints answer it. */
export function paidTransaction(outTradeNo = "T1217752501201407033233368018"): Record<string, unknown> {
  return {
    appid: 'wxd678efh567hg6787',
    mchid: '1230000109',
    out_trade_no: outTradeNo,
    transaction_id: '4200000985202103031441826014',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMC',
    success_time: '2018-06-08T10:34:56+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
  };
}

export function successfulRefund(outRefundNo = "R1217752501201407033233368018"): Record<string, unknown> {
  return {
    mchid: '1230000109',
    out_trade_no: 'T1217752501201407033233368018',
    transaction_id: '4200000985202103031441826014',
    out_refund_no: outRefundNo,
    refund_id: '50000000382019052709732678859',
    refund_status: 'SUCCESS',
    success_time: '2018-06-08T10:34:56+08:00',
    user_received_account: '招商银行信用卡0403',
    amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100 },
  };
}
