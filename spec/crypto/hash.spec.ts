import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Hash, signFields } from '../../lib/crypto/hash';
import { InvalidArgumentException } from '../../lib/errors';
import { Formatter } from '../../lib/formats/formatter';

const text = (size: number) => randomBytes(size).toString('base64url');

describe('Hash', () => {
  it('names the two APIv2 sign types', () => {
    expect(Hash.ALGO_MD5).toBe('MD5');
    expect(Hash.ALGO_HMAC_SHA256).toBe('HMAC-SHA256');
  });

  describe('md5', () => {
    it('is the plain lower-case MD5 without a key, agency or not', () => {
      const thing = text(30);
      expect(Hash.md5(thing)).toBe(createHash('md5').update(thing).digest('hex'));
      expect(Hash.md5(thing, '', true)).toBe(createHash('md5').update(thing).digest('hex'));
    });

    it('appends &key=, or &secret= for an agency (WeCom)', () => {
      const thing = text(90);
      const key = Formatter.nonce();
      expect(Hash.md5(thing, key)).toBe(createHash('md5').update(`${thing}&key=${key}`).digest('hex'));
      expect(Hash.md5(thing, key, true)).toBe(createHash('md5').update(`${thing}&secret=${key}`).digest('hex'));
      expect(Hash.md5(thing, key, 1000002)).toBe(createHash('md5').update(`${thing}&secret=${key}`).digest('hex'));
      expect(Hash.md5(thing, key, '0')).toBe(Hash.md5(thing, key));
      expect(Hash.md5(thing, key)).toMatch(/^[0-9a-f]{32}$/);
    });

    it('hashes text as UTF-8', () => {
      // Computed with Python's hashlib over the UTF-8 bytes.
      expect(Hash.md5('微信支付')).toBe('bffe28c8b7fe87d04870fc1d626296bd');
    });

    it('turns the APIv2 secret into the req_info AES key (protocol V7)', () => {
      expect(Hash.md5('exposed_your_key_here_have_risks')).toBe('4ad14ac334ab13540eb6c5479512a8e8');
    });
  });

  describe('hmac', () => {
    it.each([
      ['md5', 32],
      ['sha256', 64],
      ['sha384', 96],
    ])('keys %s with the secret and appends &key= too (so it differs from a plain HMAC)', (algorithm, length) => {
      const thing = text(600);
      const key = Formatter.nonce();
      const digest = Hash.hmac(thing, key, algorithm);
      expect(digest).toHaveLength(length);
      expect(digest).not.toBe(createHmac(algorithm, key).update(thing).digest('hex'));
      expect(digest).toBe(createHmac(algorithm, key).update(`${thing}&key=${key}`).digest('hex'));
    });

    it('refuses an empty key and an unknown algorithm, without a crash', () => {
      expect(() => Hash.hmac('a', '')).toThrow(InvalidArgumentException);
      expect(() => Hash.hmac('a', '')).toThrow('Hash.hmac: the key (APIv2 secret) must not be empty.');
      expect(() => Hash.hmac('a', 'key', 'sha-unknown')).toThrow('Hash.hmac: unsupported algorithm "sha-unknown".');
    });
  });

  describe('equals', () => {
    it('compares like hash_equals', () => {
      expect(Hash.equals('', '')).toBe(true);
      expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9A0A8659F005D6984697E2CA0A9CF3B7')).toBe(true);
      expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9A0A8659F005D6984697E2CA0A9CF3B8')).toBe(false);
      expect(Hash.equals('9A0A8659F005D6984697E2CA0A9CF3B7', '9a0a8659f005d6984697e2ca0a9cf3b7')).toBe(false);
      expect(Hash.equals('微信', '微信')).toBe(true);
    });

    it('is false for a missing value or another length', () => {
      expect(Hash.equals('', null)).toBe(false);
      expect(Hash.equals('abc', undefined)).toBe(false);
      expect(Hash.equals(null, 'abc')).toBe(false);
      expect(Hash.equals('abc', 'abcd')).toBe(false);
      expect(Hash.equals('abcd', 'abc')).toBe(false);
    });
  });

  describe('sign', () => {
    it('matches the wechatpay-php vectors, upper case', () => {
      expect(Hash.sign('MD5', 'a=1&b=2', 'secret')).toBe('9F565CCD686CFA5DC3B06B3A89E4E3AD');
      expect(Hash.sign('HMAC-SHA256', 'a=1&b=2', 'secret')).toBe('3C1BCC36E976DED8AABBE1901A67B59016DFFCAFF3370EC35396FD4D664440A4');
    });

    it('is the upper-case form of md5/hmac', () => {
      const thing = text(300);
      const key = Formatter.nonce();
      expect(Hash.sign(Hash.ALGO_MD5, thing, key)).toBe(Hash.md5(thing, key).toUpperCase());
      expect(Hash.sign(Hash.ALGO_HMAC_SHA256, thing, key)).toBe(Hash.hmac(thing, key).toUpperCase());
      expect(Hash.sign(Hash.ALGO_MD5, thing, key)).not.toBe(Hash.md5(thing, key));
    });

    it('is undefined for any other type (PHP null), case-sensitively', () => {
      for (const type of ['sha256', 'md5', 'HMAC-SHA1', 'hmac-sha256', '']) expect(Hash.sign(type, 'a=1', 'secret')).toBeUndefined();
    });

    it('signs MD5 without a suffix when the secret is empty, and refuses HMAC then', () => {
      expect(Hash.sign('MD5', 'a=1&b=2', '')).toBe(createHash('md5').update('a=1&b=2').digest('hex').toUpperCase());
      expect(() => Hash.sign('HMAC-SHA256', 'a=1&b=2', '')).toThrow(InvalidArgumentException);
    });
  });
});

describe('signFields', () => {
  // protocol.md §12 V6: the official APIv2 example.
  const params = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
  const key = '192006250b4c09247ec02edce69f6a2d';

  it('builds the official string to sign', () => {
    expect(Formatter.queryStringLike(Formatter.ksort(params))).toBe(
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA',
    );
  });

  it('signs the official example with MD5 (the default) and HMAC-SHA256', () => {
    expect(signFields(params, key)).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(signFields(params, key, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(signFields(params, key, 'HMAC-SHA256')).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
  });

  it('leaves out sign and empty values, keeps sign_type, takes a Map too', () => {
    const noisy = { ...params, sign: 'WHATEVER', empty: '', nothing: null, missing: undefined };
    expect(signFields(noisy, key)).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(signFields(new Map(Object.entries(noisy)), key)).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    const typed = { ...params, sign_type: 'HMAC-SHA256' };
    expect(signFields(typed, key, 'HMAC-SHA256')).toBe(
      createHmac('sha256', key)
        .update(`appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&sign_type=HMAC-SHA256&key=${key}`)
        .digest('hex')
        .toUpperCase(),
    );
  });

  it('sorts keys byte-wise (upper case before _ before lower case; "10" before "9")', () => {
    const fields = { b: '1', a: '2', B: '3', _x: '4', 9: '5', 10: '6' };
    expect(signFields(fields, 'k')).toBe(createHash('md5').update('10=6&9=5&B=3&_x=4&a=2&b=1&key=k').digest('hex').toUpperCase());
  });

  it('refuses another sign type, naming it', () => {
    const secret = 'do-not-print-this-secret-value-32';
    expect(() => signFields(params, secret, 'HMAC-SHA1' as 'MD5')).toThrow(
      'signFields: unsupported sign type "HMAC-SHA1"; expected MD5 or HMAC-SHA256.',
    );
  });
});
