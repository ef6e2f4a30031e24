/**
 * Attack: a large but valid ciphertext (a big bill or certificate list) made the base64 check
 * recurse once per four characters and overflow the stack, reported as "check the APIv3 key".
 * The check is now one linear loop: a 16 MB ciphertext decrypts, and bad input still fails clearly.
 */
import { randomBytes } from 'node:crypto';
import { AesEcb } from '../../lib/crypto/aes-ecb';
import { AesGcm } from '../../lib/crypto/aes-gcm';
import { decodeBase64Strict } from '../../lib/crypto/base64';
import { InvalidArgumentException } from '../../lib/errors';

const key = randomBytes(16).toString('hex');
const SIXTEEN_MB = 16 * 1024 * 1024;

describe('large ciphertexts (attack: stack overflow in the base64 check)', () => {
  const plaintext = randomBytes(SIXTEEN_MB / 2).toString('hex'); // 16 MB of text

  it('AesGcm decrypts a 16 MB ciphertext', () => {
    const ciphertext = AesGcm.encrypt(plaintext, key, '0123456789ab', 'transaction');
    expect(ciphertext.length).toBeGreaterThan(SIXTEEN_MB);
    expect(AesGcm.decrypt(ciphertext, key, '0123456789ab', 'transaction') === plaintext).toBe(true);
  });

  it('AesEcb decrypts a 16 MB ciphertext', () => {
    const ciphertext = AesEcb.encrypt(plaintext, key);
    expect(ciphertext.length).toBeGreaterThan(SIXTEEN_MB);
    expect(AesEcb.decrypt(ciphertext, key) === plaintext).toBe(true);
  });

  it('still refuses a 16 MB ciphertext with one bad character, as not base64 (not as a wrong key)', () => {
    const ciphertext = AesGcm.encrypt(plaintext, key, '0123456789ab');
    const broken = `${ciphertext.slice(0, SIXTEEN_MB)}!${ciphertext.slice(SIXTEEN_MB + 1)}`;
    expect(() => AesGcm.decrypt(broken, key, '0123456789ab')).toThrow(InvalidArgumentException);
    expect(() => AesGcm.decrypt(broken, key, '0123456789ab')).toThrow(/not base64/);
  });

  it.each([
    ['', true],
    ['QQ==', true],
    ['QUI=', true],
    ['QUJD', true],
    ['QQ=', false],
    ['Q===', false],
    ['====', false],
    ['QQ==QUJD', false],
    ['QU=D', false],
    ['QUJD\n', false],
    ['QU-D', false],
  ])('decodeBase64Strict(%j) accepts: %s', (text, accepted) => {
    expect(decodeBase64Strict(text) !== undefined).toBe(accepted);
  });
});
