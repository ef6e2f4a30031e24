/**
 * Issuing RSA-2048 key pairs and X.509 certificates, for the sandbox and for tests: a merchant API
 * certificate, a WeChat Pay platform certificate and the CA that signs them. Key generation uses
 * `node:crypto` (fast, off the main thread); node-forge only assembles and signs the certificate,
 * which `node:crypto` cannot do.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

/** An RSA key pair as PEM text: PKCS#8 private key, SPKI public key. */
export interface RsaKeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** Distinguished-name attributes by short name (`CN`, `O`, `OU`, `L`, `ST`, `C`), in order. */
export type DistinguishedName = Readonly<Record<string, string>>;

export interface CertificateRequest {
  /** Who the certificate is for. */
  readonly subject: DistinguishedName;
  /** SPKI PEM of the key being certified. */
  readonly publicKeyPem: string;
  /** Upper-case hex serial; defaults to a fresh {@link randomCertificateSerial}. */
  readonly serial?: string;
  /** Validity start; defaults to one day ago (tolerates clock skew). */
  readonly notBefore?: Date;
  /** Validity end; defaults to five years after `notBefore`. */
  readonly notAfter?: Date;
  /** The signing CA; absent → self-signed with `selfSigningKeyPem`. */
  readonly issuer?: { readonly certificatePem: string; readonly privateKeyPem: string };
  /** Private key of the subject itself, required when there is no `issuer`. */
  readonly selfSigningKeyPem?: string;
  /** Marks the certificate as a CA (basicConstraints cA, keyCertSign). */
  readonly isCertificateAuthority?: boolean;
}

/** A fresh RSA-2048 key pair (public exponent 65537). */
export async function generateRsaKeyPair(): Promise<RsaKeyPairPem> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * A serial shaped like WeChat Pay's: 40 upper-case hex digits. The first byte stays in 0x10–0x7F,
 * so the DER INTEGER is positive and needs no leading 00 (which would change the printed serial).
 */
export function randomCertificateSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = 0x10 + (bytes[0]! % 0x70);
  return bytes.toString('hex').toUpperCase();
}

const SERIAL = /^[0-9A-F]+$/;

/** Issues an X.509 v3 certificate (SHA256withRSA) and returns its PEM. */
export function issueCertificate(request: CertificateRequest): string {
  const serial = request.serial ?? randomCertificateSerial();
  if (!SERIAL.test(serial) || serial.length % 2 !== 0 || parseInt(serial.slice(0, 2), 16) >= 0x80) {
    throw new TypeError('serial must be upper-case hex of whole bytes whose first byte is below 0x80');
  }
  const signingKeyPem = request.issuer?.privateKeyPem ?? request.selfSigningKeyPem;
  if (!signingKeyPem) throw new TypeError('a self-signed certificate needs selfSigningKeyPem');

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.publicKeyPem);
  cert.serialNumber = serial.toLowerCase();
  const notBefore = request.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = request.notAfter ?? new Date(notBefore.getTime() + 5 * 365 * 86_400_000);

  const subject = toAttributes(request.subject);
  cert.setSubject(subject);
  cert.setIssuer(
    request.issuer ? subjectOf(request.issuer.certificatePem) : subject,
  );
  cert.setExtensions(
    request.isCertificateAuthority
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true, critical: true },
        ],
  );
  cert.sign(forge.pki.privateKeyFromPem(signingKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** The CA's subject as forge attributes; forge hands UTF8String values back as raw bytes, so decode them. */
function subjectOf(certificatePem: string): forge.pki.CertificateField[] {
  const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  return forge.pki.certificateFromPem(certificatePem).subject.attributes.map((attribute) =>
    attribute.valueTagClass === UTF8 && typeof attribute.value === 'string'
      ? { ...attribute, value: forge.util.decodeUtf8(attribute.value) }
      : attribute,
  );
}

/** forge wants UTF-8 byte strings tagged UTF8String for anything outside PrintableString. */
function toAttributes(name: DistinguishedName): forge.pki.CertificateField[] {
  return Object.entries(name).map(([shortName, value]) =>
    /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)
      ? { shortName, value }
      : { shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  );
}
