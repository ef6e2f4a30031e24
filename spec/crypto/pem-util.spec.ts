import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentException } from '../../lib/errors';
import { PemUtil } from '../../lib/crypto/pem-util';
import { makeRsaKeyPair, makeSelfSignedCertificate } from '../helpers/crypto-certs';

const keyPair = makeRsaKeyPair();
const certificateWith = (serialHex: string) => makeSelfSignedCertificate({ serialHex, keyPair });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-pem-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PemUtil.parseCertificateSerialNo', () => {
  // wechatpay-php.md §14: OpenSSL BN_bn2hex, the form WeChat Pay prints serials in.
  it.each([
    ['0f', '0F'],
    ['00ff', 'FF'],
    ['0100', '0100'],
    ['0080', '80'],
    ['0abcdef0', '0ABCDEF0'],
    ['fb', '-05'],
    ['5dea10ef55877e3cf6c33255c2e7defff7e427ec', '5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC'],
    [`00${'a1'.repeat(20)}`, 'A1'.repeat(20)],
  ])('DER serial %s reads as %s', (serialHex, expected) => {
    const { pem } = certificateWith(serialHex);
    expect(PemUtil.parseCertificateSerialNo(pem)).toBe(expected);
  });

  it('gives the same serial from PEM text, file:// paths, bytes and X509Certificate (PHP PemUtilTest)', () => {
    const { pem, der } = certificateWith('7e5f1c72e2a8931b72a2e13af8dee92471eb3971');
    writeFileSync(join(dir, 'apiclient_cert.pem'), pem);
    writeFileSync(join(dir, 'apiclient_cert.der'), der);
    const expected = '7E5F1C72E2A8931B72A2E13AF8DEE92471EB3971';
    expect(PemUtil.parseCertificateSerialNo(pem)).toBe(expected);
    expect(PemUtil.parseCertificateSerialNo(`file://${join(dir, 'apiclient_cert.pem')}`)).toBe(expected);
    expect(PemUtil.parseCertificateSerialNo(`file://${join(dir, 'apiclient_cert.der')}`)).toBe(expected);
    expect(PemUtil.parseCertificateSerialNo(Buffer.from(pem))).toBe(expected);
    expect(PemUtil.parseCertificateSerialNo(der)).toBe(expected);
    expect(PemUtil.parseCertificateSerialNo(new X509Certificate(pem))).toBe(expected);
  });

  it('names the problem with an unreadable or invalid certificate', () => {
    expect(() => PemUtil.parseCertificateSerialNo('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      'Cannot read a certificate from a PEM string: it is not a PEM or DER X.509 certificate.',
    );
    expect(() => PemUtil.parseCertificateSerialNo(`file://${join(dir, 'missing.pem')}`)).toThrow(/Cannot read the certificate from the file .*missing\.pem: ENOENT/);
    expect(() => PemUtil.parseCertificateSerialNo(42 as unknown as string)).toThrow(InvalidArgumentException);
  });
});

describe('PemUtil.loadCertificate / loadCertificateFromString', () => {
  const { pem, der } = certificateWith('0f');

  it('loads a certificate file with or without file://, PEM or DER', () => {
    writeFileSync(join(dir, 'wechatpay.pem'), pem);
    writeFileSync(join(dir, 'wechatpay.der'), der);
    for (const path of [join(dir, 'wechatpay.pem'), `file://${join(dir, 'wechatpay.pem')}`, join(dir, 'wechatpay.der')]) {
      const certificate = PemUtil.loadCertificate(path);
      expect(certificate).toBeInstanceOf(X509Certificate);
      expect(certificate.subject).toContain('CN=WeChatPay Community CI');
      expect(certificate.issuer).toContain('O=WeChatPay Community');
    }
  });

  it('loads a certificate from PEM text', () => {
    const certificate = PemUtil.loadCertificateFromString(pem);
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      keyPair.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('throws, naming the input, where PHP returns false', () => {
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
    expect(() => PemUtil.loadCertificate(join(dir, 'not-a-cert.pem'))).toThrow(
      `Cannot read a certificate from the file ${join(dir, 'not-a-cert.pem')}: it is not a PEM or DER X.509 certificate.`,
    );
    expect(() => PemUtil.loadCertificate(join(dir, 'nope.pem'))).toThrow(/ENOENT/);
    expect(() => PemUtil.loadCertificate('')).toThrow('PemUtil.loadCertificate expects a file path.');
    const privatePem = keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => PemUtil.loadCertificateFromString(privatePem)).toThrow(/from a PEM string: it is not a PEM or DER X\.509 certificate/);
    expect(() => PemUtil.loadCertificateFromString('')).toThrow(/from an empty string/);
  });
});

describe('PemUtil.loadPrivateKey (deprecated, as in PHP)', () => {
  it('loads a private key file with or without file://, or from text', () => {
    const pem = keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, 'apiclient_key.pem'), pem);
    const expected = keyPair.privateKey.export({ type: 'pkcs8', format: 'der' });
    for (const key of [
      PemUtil.loadPrivateKey(join(dir, 'apiclient_key.pem')),
      PemUtil.loadPrivateKey(`file://${join(dir, 'apiclient_key.pem')}`),
      PemUtil.loadPrivateKeyFromString(pem),
    ]) {
      expect(key.export({ type: 'pkcs8', format: 'der' })).toEqual(expected);
    }
  });
});
