import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { AesEcb } from '../../lib/crypto/aes-ecb';
import { Hash } from '../../lib/crypto/hash';
import { InvalidArgumentException } from '../../lib/errors';
import { Transformer } from '../../lib/formats/transformer';
import { REFUND_REQ_INFO_PLAINTEXT } from '../helpers/v2-xml-samples';

const KEY = '0123456789abcdef0123456789abcdef';

/** AES-256-ECB/PKCS#7 by node-forge's pure-JS AES: an implementation independent of OpenSSL's. */
function forgeEncrypt(plaintext: Buffer, key: Buffer): string {
  const cipher = forge.cipher.createCipher('AES-ECB', forge.util.createBuffer(key.toString('binary')));
  cipher.start();
  cipher.update(forge.util.createBuffer(plaintext.toString('binary')));
  cipher.finish();
  return Buffer.from(cipher.output.getBytes(), 'binary').toString('base64');
}

describe('AesEcb', () => {
  it('has the PHP constants', () => {
    expect(AesEcb.BLOCK_SIZE).toBe(16);
    expect(AesEcb.KEY_LENGTH_BYTE).toBe(32);
  });

  it('encrypts the wechatpay-php vector (protocol V7) and decrypts it back', () => {
    expect(AesEcb.encrypt('hello', KEY)).toBe('pZwJZBLuy3mDACEQT4YTBw==');
    expect(AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', KEY)).toBe('hello');
  });

  it.each([
    ['empty text', ''],
    ['non-ASCII text', 'hello wechatpay 你好 微信支付'],
    ['one whole block', '0123456789abcdef'],
    ['1000 characters', 'x'.repeat(1000)],
  ])('round-trips %s', (_label, plaintext) => {
    const ciphertext = AesEcb.encrypt(plaintext, KEY);
    expect(AesEcb.decrypt(ciphertext, KEY)).toBe(plaintext);
  });

  it('pads with PKCS#7: a whole block of padding after aligned text', () => {
    expect(Buffer.from(AesEcb.encrypt('', KEY), 'base64')).toHaveLength(16);
    expect(Buffer.from(AesEcb.encrypt('0123456789abcdef', KEY), 'base64')).toHaveLength(32);
  });

  it('agrees with an independent AES implementation on random inputs and keys', () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(32);
      const plaintext = `${randomBytes(i * 7).toString('base64')}退款${i}`;
      const expected = forgeEncrypt(Buffer.from(plaintext, 'utf8'), key);
      expect(AesEcb.encrypt(plaintext, key)).toBe(expected);
      expect(AesEcb.decrypt(expected, key)).toBe(plaintext);
    }
  });

  it('ignores the IV, as ECB has none', () => {
    expect(AesEcb.encrypt('hello', KEY, '0123456789abcdef')).toBe('pZwJZBLuy3mDACEQT4YTBw==');
    expect(AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', KEY, 'whatever')).toBe('hello');
  });

  it('takes the key as bytes too', () => {
    expect(AesEcb.encrypt('hello', Buffer.from(KEY))).toBe('pZwJZBLuy3mDACEQT4YTBw==');
  });

  it('refuses a key that is not 32 bytes, naming the length (PHP pads or cuts it silently)', () => {
    expect(() => AesEcb.encrypt('hello', '0123456789abcdef')).toThrow(
      'The AES-256-ECB key must be 32 bytes (for req_info: Hash.md5(APIv2 secret)), got 16.',
    );
    expect(() => AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', `${KEY}x`)).toThrow(InvalidArgumentException);
  });

  it('says what is wrong with a bad ciphertext', () => {
    expect(() => AesEcb.decrypt('not base64!', KEY)).toThrow('AES-ECB decryption failed: the ciphertext is not base64 text.');
    expect(() => AesEcb.decrypt('', KEY)).toThrow('AES-ECB decryption failed: the ciphertext is 0 bytes, not a positive multiple of 16.');
    expect(() => AesEcb.decrypt('aGVsbG8=', KEY)).toThrow('AES-ECB decryption failed: the ciphertext is 5 bytes, not a positive multiple of 16.');
    // This wrong key leaves broken padding on this ciphertext (checked: OpenSSL's final block check fails).
    expect(() => AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', 'fedcba9876543210fedcba9876543210')).toThrow(
      'AES-ECB decryption failed: bad padding; check the key (for req_info: Hash.md5(APIv2 secret)).',
    );
  });
});

describe('refund notification req_info: AesEcb + Hash.md5 + Transformer', () => {
  const secret = 'exposed_your_key_here_have_risks';

  it('decrypts the req_info of a notification built like WeChat Pay builds it', () => {
    // WeChat Pay's side, done with the independent AES: req_info = base64(AES-256-ECB(md5hex(secret), plaintext XML)).
    const reqInfo = forgeEncrypt(Buffer.from(REFUND_REQ_INFO_PLAINTEXT, 'utf8'), Buffer.from('4ad14ac334ab13540eb6c5479512a8e8'));
    const notification = Transformer.toXml({
      return_code: 'SUCCESS',
      appid: 'wx2421b1c4370ec43b',
      mch_id: '10000100',
      nonce_str: 'TeqClE3i0mvn3DrK',
      req_info: reqInfo,
    });

    // The merchant's side.
    const outer = Transformer.toArray(notification);
    expect(outer.sign).toBeUndefined();
    const fields = Transformer.toArray(AesEcb.decrypt(outer.req_info as string, Hash.md5(secret)));
    expect(fields).toMatchObject({
      out_refund_no: '131811191610442717309',
      refund_status: 'SUCCESS',
      refund_recv_accout: '支付用户零钱',
      success_time: '2018-11-19 16:24:13',
      total_fee: '3960',
    });
    expect(Object.keys(fields)).toHaveLength(13);
  });

  it('fails clearly with another secret', () => {
    const reqInfo = AesEcb.encrypt(REFUND_REQ_INFO_PLAINTEXT, Hash.md5(secret));
    expect(() => Transformer.toArray(AesEcb.decrypt(reqInfo, Hash.md5('another_secret_another_secret_32')))).toThrow(InvalidArgumentException);
  });
});
