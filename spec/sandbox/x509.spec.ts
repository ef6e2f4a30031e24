/** lib/crypto/x509.ts: key pairs and certificates that node:crypto and PemUtil read back as issued. */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { generateRsaKeyPair, issueCertificate, randomCertificateSerial, type RsaKeyPairPem } from '../../lib/crypto/x509';
import { PemUtil } from '../../lib/crypto/pem-util';

describe('x509', () => {
  let ca: RsaKeyPairPem;
  let leaf: RsaKeyPairPem;
  let caPem: string;

  beforeAll(async () => {
    [ca, leaf] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
    caPem = issueCertificate({
      subject: { CN: 'Test Root CA', O: '财付通支付科技有限公司', C: 'CN' },
      publicKeyPem: ca.publicKeyPem,
      selfSigningKeyPem: ca.privateKeyPem,
      isCertificateAuthority: true,
    });
  });

  it('generates RSA-2048 PKCS#8 / SPKI PEM pairs that belong together', () => {
    expect(leaf.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(leaf.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const privateKey = createPrivateKey(leaf.privateKeyPem);
    expect(privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(leaf.publicKeyPem);
  });

  it('draws WeChat-shaped serials: 40 upper-case hex digits, first byte 0x10–0x7F', () => {
    for (let i = 0; i < 200; i++) {
      const serial = randomCertificateSerial();
      expect(serial).toMatch(/^[1-7][0-9A-F]{39}$/);
    }
  });

  it('issues a certificate with the chosen serial, subject, validity and issuer', () => {
    const serial = '5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC';
    const notBefore = new Date('2023-09-19T15:15:58Z');
    const notAfter = new Date('2028-09-17T15:15:58Z');
    const pem = issueCertificate({
      subject: { CN: 'Tenpay.com sign', O: 'Tenpay.com', OU: 'Tenpay.com CA Center', L: 'ShenZhen', C: 'CN' },
      publicKeyPem: leaf.publicKeyPem,
      serial,
      notBefore,
      notAfter,
      issuer: { certificatePem: caPem, privateKeyPem: ca.privateKeyPem },
    });
    const certificate = new X509Certificate(pem);
    const authority = new X509Certificate(caPem);

    expect(certificate.serialNumber).toBe(serial);
    expect(PemUtil.parseCertificateSerialNo(pem)).toBe(serial);
    expect(certificate.subject.split('\n')).toEqual(['CN=Tenpay.com sign', 'O=Tenpay.com', 'OU=Tenpay.com CA Center', 'L=ShenZhen', 'C=CN']);
    expect(new Date(certificate.validFrom)).toEqual(notBefore);
    expect(new Date(certificate.validTo)).toEqual(notAfter);
    expect(certificate.issuer).toBe(authority.subject);
    expect(certificate.checkIssued(authority)).toBe(true);
    expect(certificate.verify(authority.publicKey)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(false);
    expect(certificate.ca).toBe(false);
    expect(certificate.publicKey.export({ type: 'spki', format: 'pem' })).toBe(leaf.publicKeyPem);
  });

  it('self-signs a CA, keeping UTF-8 names intact', () => {
    const authority = new X509Certificate(caPem);
    expect(authority.ca).toBe(true);
    expect(authority.subject).toContain('O=财付通支付科技有限公司');
    expect(authority.verify(authority.publicKey)).toBe(true);
  });

  it('refuses serials that would not print back the same, and a self-signed certificate without a key', () => {
    expect(() => issueCertificate({ subject: { CN: 'x' }, publicKeyPem: leaf.publicKeyPem, selfSigningKeyPem: leaf.privateKeyPem, serial: '80AB' })).toThrow(
      /first byte is below 0x80/,
    );
    expect(() => issueCertificate({ subject: { CN: 'x' }, publicKeyPem: leaf.publicKeyPem, selfSigningKeyPem: leaf.privateKeyPem, serial: 'abc' })).toThrow(
      /upper-case hex/,
    );
    expect(() => issueCertificate({ subject: { CN: 'x' }, publicKeyPem: leaf.publicKeyPem })).toThrow(/selfSigningKeyPem/);
  });
});
