/**
 * Test certificates with chosen serial numbers. `node:crypto` cannot issue X.509 certificates, so
 * node-forge signs them; the RSA keys still come from `node:crypto` (forge's keygen is slow JS).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  readonly pem: string;
  readonly der: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface CertificateOptions {
  /**
   * The DER INTEGER content bytes of the serial, in hex, written as given: `'0f'`, `'00ff'` (positive
   * 0xFF with a sign byte), `'fb'` (negative, −5).
   */
  readonly serialHex: string;
  /** Reuse a key pair across certificates (keygen dominates test time). */
  readonly keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
  readonly commonName?: string;
}

export function makeRsaKeyPair(modulusLength = 2048): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength });
}

/** A self-signed SHA256withRSA certificate valid from an hour ago for a year. */
export function makeSelfSignedCertificate(options: CertificateOptions): TestCertificate {
  const { privateKey, publicKey } = options.keyPair ?? makeRsaKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = options.serialHex;
  certificate.validity.notBefore = new Date(Date.now() - 3_600_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const name = [
    { name: 'commonName', value: options.commonName ?? 'WeChatPay Community CI' },
    { name: 'organizationName', value: 'WeChatPay Community' },
    { name: 'countryName', value: 'CN' },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  certificate.sign(forgeKey, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(certificate);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  return { pem, der, privateKey, publicKey };
}
