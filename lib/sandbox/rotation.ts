/**
 * Platform certificate rotation, as WeChat Pay does it before a certificate expires: a new key and
 * certificate start signing responses, while `/v3/certificates` lists the new and the old one side by
 * side, so clients that refresh can verify both during the change-over. The sandbox keeps no CA private
 * key, so a rotated certificate is self-signed (clients check serials and signatures, not the chain).
 */
import { generateKeyPairSync } from 'node:crypto';
import { PemUtil } from '../crypto/pem-util';
import { issueCertificate } from '../crypto/x509';
import type { SandboxKeys } from './keys';

export type PlatformIdentity = SandboxKeys['platform'];

/** A fresh platform identity. Synchronous: hooks block their caller. */
export function nextPlatformIdentity(): PlatformIdentity {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const certificatePem = issueCertificate({
    subject: { CN: 'Tenpay.com sign', O: 'Tenpay.com', OU: 'Tenpay.com CA Center', L: 'ShenZhen', C: 'CN' },
    publicKeyPem: pair.publicKey,
    selfSigningKeyPem: pair.privateKey,
  });
  return { serial: PemUtil.parseCertificateSerialNo(certificatePem), privateKeyPem: pair.privateKey, certificatePem };
}
