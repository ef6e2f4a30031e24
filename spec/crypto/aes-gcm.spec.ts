import { createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentException } from '../../lib/errors';
import { AesGcm } from '../../lib/crypto/aes-gcm';
import { PemUtil } from '../../lib/crypto/pem-util';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const key = '0123456789abcdef0123456789abcdef';

describe('AesGcm published vectors', () => {
  it('matches wechatpay-php’s vector (key, 12-byte iv, aad "certificate")', () => {
    const ciphertext = '8cyLVizq736WbULJw2UFB6Y7dCqydYu4AhbJr9/I5M4RysyMu/w=';
    expect(AesGcm.encrypt('hello wechatpay 你好', key, '0123456789ab', 'certificate')).toBe(ciphertext);
    expect(AesGcm.decrypt(ciphertext, key, '0123456789ab', 'certificate')).toBe('hello wechatpay 你好');
  });

  it('matches wechatpay-java’s AEAD_AES_256_GCM vector (protocol.md V4)', () => {
    const apiv3Key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
    expect(AesGcm.encrypt('message', apiv3Key, 'uluk4a9R25RW', 'associatedData')).toBe('ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=');
    expect(AesGcm.decrypt('ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=', apiv3Key, 'uluk4a9R25RW', 'associatedData')).toBe('message');
  });

  it('decrypts wechatpay-java’s /v3/certificates payload to the certificate it names (protocol.md V5)', () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/wechatpay-java-certificates-response.json'), 'utf8'));
    const [entry] = fixture.data;
    const { ciphertext, nonce, associated_data } = entry.encrypt_certificate;
    const pem = AesGcm.decrypt(ciphertext, fixture.apiv3Key, nonce, associated_data);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(PemUtil.parseCertificateSerialNo(pem)).toBe(entry.serial_no);
    expect(() => AesGcm.decrypt(ciphertext, fixture.apiv3Key, nonce, 'transaction')).toThrow(/decryption failed/);
  });
});

describe('AesGcm round trips (wechatpay-php AesGcmTest shapes)', () => {
  it.each([
    ['empty text, empty aad', '', ''],
    ['ASCII text, 16-char aad', 'hello', '0123456789abcdef'],
    ['UTF-8 text, aad "transaction"', 'hello wechatpay 你好 微信支付', 'transaction'],
  ])('%s, with 12- and 16-byte IVs', (_name, plaintext, aad) => {
    for (const iv of ['0123456789ab', '0123456789abcdef']) {
      const ciphertext = AesGcm.encrypt(plaintext, key, iv, aad);
      expect(ciphertext).toMatch(BASE64);
      expect(Buffer.from(ciphertext, 'base64')).toHaveLength(Buffer.byteLength(plaintext) + 16);
      expect(AesGcm.decrypt(ciphertext, key, iv, aad)).toBe(plaintext);
    }
  });

  it('writes ciphertext ‖ 16-byte tag, as node’s decipher reads it', () => {
    const keyBytes = randomBytes(32);
    const iv = randomBytes(12);
    const sealed = Buffer.from(AesGcm.encrypt('{"mchid":"1900000109"}', keyBytes, iv, 'transaction'), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, iv);
    decipher.setAAD(Buffer.from('transaction'));
    decipher.setAuthTag(sealed.subarray(-16));
    expect(Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString()).toBe('{"mchid":"1900000109"}');
  });

  it('defaults the associated data to empty', () => {
    const ciphertext = AesGcm.encrypt('x', key, '0123456789ab');
    expect(AesGcm.decrypt(ciphertext, key, '0123456789ab', '')).toBe('x');
  });
});

describe('AesGcm failures', () => {
  const iv = '0123456789ab';
  const sealed = AesGcm.encrypt('{"amount":100}', key, iv, 'transaction');

  it.each([
    ['another key', () => AesGcm.decrypt(sealed, 'fedcba9876543210fedcba9876543210', iv, 'transaction')],
    ['another nonce', () => AesGcm.decrypt(sealed, key, 'ba9876543210', 'transaction')],
    ['other associated data', () => AesGcm.decrypt(sealed, key, iv, 'certificate')],
    [
      'a flipped ciphertext byte',
      () => {
        const bytes = Buffer.from(sealed, 'base64');
        bytes[0] = (bytes[0] as number) ^ 1;
        return AesGcm.decrypt(bytes.toString('base64'), key, iv, 'transaction');
      },
    ],
    ['a missing tag byte', () => AesGcm.decrypt(Buffer.from(sealed, 'base64').subarray(0, -1).toString('base64'), key, iv, 'transaction')],
  ])('throws, never returns text, for %s', (_name, attempt) => {
    expect(attempt).toThrow(InvalidArgumentException);
    expect(attempt).toThrow(
      'AES-GCM decryption failed: the authentication tag does not match; check the APIv3 key, the nonce and associated_data.',
    );
  });

  it('refuses keys that are not 32 bytes rather than pad them as PHP does', () => {
    expect(() => AesGcm.encrypt('x', 'short-key', iv)).toThrow('The AES-256-GCM key must be 32 bytes (the APIv3 key), got 9.');
    expect(() => AesGcm.decrypt(sealed, `${key}!`, iv)).toThrow(/must be 32 bytes .* got 33/);
    expect(() => AesGcm.decrypt(sealed, 'testMchAPIv3Key0', iv)).toThrow(/got 16/);
  });

  it('refuses an empty nonce, short or non-base64 ciphertexts, and values of the wrong type', () => {
    expect(() => AesGcm.encrypt('x', key, '')).toThrow('The AES-GCM nonce (IV) must not be empty.');
    expect(() => AesGcm.decrypt('AAAA', key, iv)).toThrow(/3 bytes, shorter than its 16-byte tag/);
    expect(() => AesGcm.decrypt('not base64!', key, iv)).toThrow(/not base64/);
    expect(() => AesGcm.encrypt(42 as unknown as string, key, iv)).toThrow(/plaintext must be a string or bytes, got number/);
  });

  it('never puts the key in a message', () => {
    try {
      AesGcm.decrypt(sealed, 'fedcba9876543210fedcba9876543210', iv, 'transaction');
    } catch (error) {
      expect((error as Error).message).not.toContain('fedcba98');
    }
    expect.assertions(1);
  });
});
