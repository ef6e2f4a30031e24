/**
 * The sandbox's key material: the merchant's API key and certificate (what a merchant downloads),
 * the platform certificate and the WeChat Pay public key (whose private halves only WeChat Pay
 * holds), the CA that issued both certificates, and the APIv3 key and APIv2 secret.
 */
import { X509Certificate } from 'node:crypto';
import { PemUtil } from '../crypto/pem-util';
import { generateRsaKeyPair, issueCertificate } from '../crypto/x509';
import { asciiSecret, publicKeyId } from './ids';

export interface SandboxKeys {
  readonly mchid: string;
  /** The merchant API certificate (`apiclient_cert.pem`) and its key (`apiclient_key.pem`). */
  readonly merchant: { readonly serial: string; readonly privateKeyPem: string; readonly certificatePem: string };
  /** The platform certificate (certificate mode); the private key signs responses. */
  readonly platform: { readonly serial: string; readonly privateKeyPem: string; readonly certificatePem: string };
  /** The WeChat Pay public key (public-key mode) and its `PUB_KEY_ID_…`. */
  readonly publicKey: { readonly id: string; readonly privateKeyPem: string; readonly publicKeyPem: string };
  /** The issuing CA's certificate, for clients that check the chain. */
  readonly authorityCertificatePem: string;
  readonly apiv3Key: string;
  readonly apiv2Secret: string;
}

const DEFAULT_MCHID = '1900009191';
const TENPAY = { O: 'Tenpay.com', OU: 'Tenpay.com CA Center', L: 'ShenZhen', C: 'CN' };

/** Fresh keys and certificates; four RSA-2048 key pairs generated in parallel. */
export async function generateSandboxKeys(options: { mchid?: string } = {}): Promise<SandboxKeys> {
  const mchid = options.mchid ?? DEFAULT_MCHID;
  const [authority, merchant, platform, publicKey] = await Promise.all([
    generateRsaKeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
  ]);
  const authorityCertificatePem = issueCertificate({
    subject: { CN: 'Tenpay.com Sandbox Root CA', ...TENPAY },
    publicKeyPem: authority.publicKeyPem,
    selfSigningKeyPem: authority.privateKeyPem,
    isCertificateAuthority: true,
  });
  const issuer = { certificatePem: authorityCertificatePem, privateKeyPem: authority.privateKeyPem };
  const merchantCertificatePem = issueCertificate({
    subject: { CN: mchid, O: 'WeChat Pay merchant (sandbox)', OU: mchid, L: 'ShenZhen', C: 'CN' },
    publicKeyPem: merchant.publicKeyPem,
    issuer,
  });
  const platformCertificatePem = issueCertificate({
    subject: { CN: 'Tenpay.com sign', ...TENPAY },
    publicKeyPem: platform.publicKeyPem,
    issuer,
  });
  return {
    mchid,
    merchant: {
      serial: PemUtil.parseCertificateSerialNo(merchantCertificatePem),
      privateKeyPem: merchant.privateKeyPem,
      certificatePem: merchantCertificatePem,
    },
    platform: {
      serial: PemUtil.parseCertificateSerialNo(platformCertificatePem),
      privateKeyPem: platform.privateKeyPem,
      certificatePem: platformCertificatePem,
    },
    publicKey: { id: publicKeyId(), ...publicKey },
    authorityCertificatePem,
    apiv3Key: asciiSecret(),
    apiv2Secret: asciiSecret(),
  };
}

/** Validity of the platform certificate, as `/v3/certificates` reports it. */
export function platformValidity(keys: SandboxKeys): { notBefore: Date; notAfter: Date } {
  const certificate = new X509Certificate(keys.platform.certificatePem);
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo) };
}
