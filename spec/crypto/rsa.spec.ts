import {
  constants,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentException } from '../../lib/errors';
import { OPENSSL_PKCS1_OAEP_PADDING, OPENSSL_PKCS1_PADDING } from '../../lib';
import { Rsa, type RsaKeyInput } from '../../lib/crypto/rsa';
import { makeRsaKeyPair, makeSelfSignedCertificate } from '../helpers/crypto-certs';

/** The body of the first PEM block, unwrapped: what the `*.pkcs1://` style schemes carry. */
function pemBase64(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

const { privateKey, publicKey } = makeRsaKeyPair();
const pkcs8Pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const passphrase = 'wechatpay-ts passphrase';
const encryptedPem = privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  .toString();
// OpenSSL's legacy PEM encryption: `Proc-Type`/`DEK-Info` headers inside an `RSA PRIVATE KEY` block.
const legacyEncryptedPem = privateKey
  .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  .toString();
const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const pkcs1PublicPem = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8Der = privateKey.export({ type: 'pkcs8', format: 'der' });
const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
const certificate = makeSelfSignedCertificate({ serialHex: '0f', keyPair: { privateKey, publicKey } });

let dir: string;
const file = (name: string): string => `file://${join(dir, name)}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-rsa-'));
  writeFileSync(join(dir, 'pkcs8.key'), pkcs8Pem);
  writeFileSync(join(dir, 'pkcs1.key'), pkcs1Pem);
  writeFileSync(join(dir, 'encrypted.key'), encryptedPem);
  writeFileSync(join(dir, 'pkcs8.der'), pkcs8Der);
  writeFileSync(join(dir, 'spki.pem'), spkiPem);
  writeFileSync(join(dir, 'pkcs1.pem'), pkcs1PublicPem);
  writeFileSync(join(dir, 'spki.der'), spkiDer);
  writeFileSync(join(dir, 'cert.pem'), certificate.pem);
  writeFileSync(join(dir, 'cert.der'), certificate.der);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sameKey = (a: KeyObject, b: KeyObject): boolean => {
  const exportOf = (k: KeyObject) =>
    k.type === 'private' ? k.export({ type: 'pkcs8', format: 'der' }) : k.export({ type: 'spki', format: 'der' });
  return exportOf(a).equals(exportOf(b));
};

const privateForms: ReadonlyArray<[string, () => RsaKeyInput]> = [
  ['PEM PRIVATE KEY', () => pkcs8Pem],
  ['PEM RSA PRIVATE KEY', () => pkcs1Pem],
  ['PEM with CRLF line ends', () => pkcs8Pem.replace(/\n/g, '\r\n')],
  ['PEM after comment text', () => `apiclient_key.pem for 1900000000\n${pkcs8Pem}`],
  ['[PEM, ""] pair', () => [pkcs8Pem, '']],
  ['[ENCRYPTED PRIVATE KEY, passphrase]', () => [encryptedPem, passphrase]],
  ['[legacy encrypted RSA PRIVATE KEY, passphrase]', () => [legacyEncryptedPem, passphrase]],
  ['file:// PKCS#8 PEM', () => file('pkcs8.key')],
  ['file:// PKCS#1 PEM', () => file('pkcs1.key')],
  ['[file:// encrypted, passphrase]', () => [file('encrypted.key'), passphrase]],
  ['file:// PKCS#8 DER', () => file('pkcs8.der')],
  ['private.pkcs1://', () => `private.pkcs1://${pemBase64(pkcs1Pem)}`],
  ['private.pkcs8://', () => `private.pkcs8://${pemBase64(pkcs8Pem)}`],
  ['Buffer of PEM', () => Buffer.from(pkcs8Pem)],
  ['Buffer of DER', () => pkcs8Der],
  ['Uint8Array of DER', () => new Uint8Array(pkcs8Der)],
  ['KeyObject', () => privateKey],
];

const publicForms: ReadonlyArray<[string, () => RsaKeyInput]> = [
  ['PEM PUBLIC KEY', () => spkiPem],
  ['PEM RSA PUBLIC KEY', () => pkcs1PublicPem],
  ['PEM CERTIFICATE', () => certificate.pem],
  ['file:// SPKI PEM', () => file('spki.pem')],
  ['file:// PKCS#1 public PEM', () => file('pkcs1.pem')],
  ['file:// SPKI DER', () => file('spki.der')],
  ['file:// certificate PEM', () => file('cert.pem')],
  ['file:// certificate DER', () => file('cert.der')],
  ['public.pkcs1://', () => `public.pkcs1://${pemBase64(pkcs1PublicPem)}`],
  ['public.spki://', () => `public.spki://${pemBase64(spkiPem)}`],
  ['X509Certificate', () => new X509Certificate(certificate.pem)],
  ['Buffer of DER SPKI', () => spkiDer],
  ['KeyObject', () => publicKey],
];

describe('Rsa constants', () => {
  it('names the key types as PHP does', () => {
    expect(Rsa.KEY_TYPE_PUBLIC).toBe('public');
    expect(Rsa.KEY_TYPE_PRIVATE).toBe('private');
  });
});

describe('Rsa.from', () => {
  it.each(privateForms)('loads a private key from %s', (_name, input) => {
    const key = Rsa.from(input());
    expect(key.type).toBe('private');
    expect(sameKey(key, privateKey)).toBe(true);
  });

  it.each(publicForms)('loads a public key from %s', (_name, input) => {
    const key = Rsa.from(input(), Rsa.KEY_TYPE_PUBLIC);
    expect(key.type).toBe('public');
    expect(sameKey(key, publicKey)).toBe(true);
  });

  it('returns a KeyObject of the right type as is (no re-parse)', () => {
    expect(Rsa.from(privateKey)).toBe(privateKey);
    expect(Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC)).toBe(publicKey);
  });

  it.each(privateForms)('refuses %s asked for as a public key, naming what it holds', (_name, input) => {
    const attempt = () => Rsa.from(input(), Rsa.KEY_TYPE_PUBLIC);
    expect(attempt).toThrow(InvalidArgumentException);
    expect(attempt).toThrow(/^Cannot load a public key from .+: it holds a private (key|KeyObject)/);
  });

  it.each(publicForms)('refuses %s asked for as a private key, naming what it holds', (_name, input) => {
    expect(() => Rsa.from(input(), Rsa.KEY_TYPE_PRIVATE)).toThrow(
      /^Cannot load a private key from .+: it holds a (public key|public KeyObject|certificate)/,
    );
  });

  it('never quotes key material in its messages', () => {
    const body = pemBase64(pkcs8Pem);
    const messages: string[] = [];
    for (const input of [pkcs8Pem, `private.pkcs8://${body}`, `private.pkcs8://${body.slice(0, 200)}`, `${pkcs8Pem.slice(0, 300)}`]) {
      try {
        Rsa.from(input, Rsa.KEY_TYPE_PUBLIC);
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message).not.toContain(body.slice(0, 24));
  });

  it('names the file when it cannot be read', () => {
    expect(() => Rsa.from(file('missing.pem'))).toThrow(/Cannot read a private key from the file .*missing\.pem: ENOENT/);
  });

  it('says a bare path needs the file:// prefix (as PHP requires it)', () => {
    expect(() => Rsa.from(join(dir, 'pkcs8.key'))).toThrow(/a path needs the file:\/\/ prefix/);
  });

  it('asks for the passphrase of an encrypted key, and rejects a wrong one', () => {
    expect(() => Rsa.from(encryptedPem)).toThrow(/the key is encrypted; pass \[key, passphrase\]/);
    expect(() => Rsa.from(file('encrypted.key'))).toThrow(/the key is encrypted/);
    expect(() => Rsa.from(legacyEncryptedPem)).toThrow(/the key is encrypted/);
    expect(() => Rsa.from([legacyEncryptedPem, 'wrong'])).toThrow(/the passphrase is wrong/);
    expect(() => Rsa.from([encryptedPem, 'wrong'])).toThrow(/the passphrase is wrong or the encrypted key is damaged/);
  });

  it('refuses unknown and mis-cased schemes, as PHP does', () => {
    expect(() => Rsa.from(`PRIVATE.PKCS8://${pemBase64(pkcs8Pem)}`)).toThrow(/unknown scheme/);
    expect(() => Rsa.from('https://example.com/key.pem')).toThrow(/unknown scheme/);
  });

  it('reports malformed key data', () => {
    expect(() => Rsa.from('private.pkcs8://AAAA')).toThrow(/private key \(private\.pkcs8:\/\/\) that cannot be parsed/);
    expect(() => Rsa.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(/cannot be parsed/);
    expect(() => Rsa.from('-----BEGIN PRIVATE KEY-----\nAAAA')).toThrow(/no RSA key or certificate PEM block \(found none complete\)/);
    expect(() => Rsa.from(Buffer.from('not a key at all'))).toThrow(/neither PEM nor a DER RSA key/);
    expect(() => Rsa.from('')).toThrow(/from an empty string: expected PEM text/);
  });

  it('refuses keys that are not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => Rsa.from(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/an ec key; WeChat Pay uses RSA/);
    expect(() => Rsa.from(ec.publicKey, Rsa.KEY_TYPE_PUBLIC)).toThrow(/an ec key/);
    expect(() => Rsa.from('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----')).toThrow(/found "EC PRIVATE KEY"/);
    expect(() => Rsa.from(createSecretKey(randomBytes(32)))).toThrow(/it holds a secret KeyObject/);
  });

  it('refuses inputs of the wrong kind and unknown key types', () => {
    expect(() => Rsa.from(42 as unknown as string)).toThrow(/from a value of type number/);
    expect(() => Rsa.from(null as unknown as string)).toThrow(/from null/);
    expect(() => Rsa.from(pkcs8Pem, 'PRIVATE' as 'private')).toThrow(/key type must be Rsa\.KEY_TYPE_PRIVATE/);
  });
});

describe('Rsa.fromPkcs1 / fromPkcs8 / fromSpki', () => {
  it('are the scheme forms of from', () => {
    expect(sameKey(Rsa.fromPkcs1(pemBase64(pkcs1Pem)), privateKey)).toBe(true);
    expect(sameKey(Rsa.fromPkcs1(pemBase64(pkcs1PublicPem), Rsa.KEY_TYPE_PUBLIC), publicKey)).toBe(true);
    expect(sameKey(Rsa.fromPkcs8(pemBase64(pkcs8Pem)), privateKey)).toBe(true);
    expect(sameKey(Rsa.fromSpki(pemBase64(spkiPem)), publicKey)).toBe(true);
  });
});

describe('Rsa.pkcs1ToSpki', () => {
  // 512, 1024 and 2048 bits cover the short, one-byte and two-byte DER length forms.
  it.each([512, 1024, 2048])('matches node’s own conversion for a %i-bit key', (bits) => {
    const pair = bits === 2048 ? { publicKey } : generateKeyPairSync('rsa', { modulusLength: bits });
    const pkcs1 = pair.publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(Rsa.pkcs1ToSpki(pkcs1)).toBe(spki);
  });

  it('turns a public.pkcs1:// body into the public.spki:// body (PHP RsaTest)', () => {
    expect(Rsa.pkcs1ToSpki(pemBase64(pkcs1PublicPem))).toBe(pemBase64(spkiPem));
  });

  it('refuses input that is not base64 DER', () => {
    expect(() => Rsa.pkcs1ToSpki('not base64!')).toThrow(InvalidArgumentException);
    expect(() => Rsa.pkcs1ToSpki('')).toThrow(/PKCS#1 RSAPublicKey/);
  });
});

describe('Rsa.sign / verify', () => {
  // protocol.md §12 V1 and V9: the public test key of wechatpay-go, kept in spec/fixtures.
  const goKey = Rsa.from(
    readFileSync(join(__dirname, '../fixtures/wechatpay-go-test-key.pem'), 'utf8').replace(/TESTING KEY/g, 'PRIVATE KEY'),
  );
  const goPublic = createPublicKey(goKey);

  it('reproduces wechatpay-go’s signature of "source" (V1)', () => {
    const expected =
      'BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==';
    expect(Rsa.sign('source', goKey)).toBe(expected);
    expect(Rsa.verify('source', expected, goPublic)).toBe(true);
  });

  it.each([
    [
      'request',
      'GET\n/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
      'A9AUsxYVRNAolIuW1o+jBiaZzU9O+3UG9vI0g3J8Q/AyDiUblV0CZYIP1/geFX7pt2AofcZu7+XcuiBhbGXSVI7edOlj5/Cy7d5gpnS7aVh5XysX5idGA3XNOYo3N++Fs5lg6C+iz1660j2zhgBQmpEcfcIrllMspUzmmED/rNQtsm1gM0suyTBfGvApxFEkjo4DUw9ua1PRoF59JHrz9N0abQ0X1ifM3dgr75W5JAR9nsy99OEm4VSKyOLiwO1iitL+1j6bhv6dINiBywtpoTilP3+Ag0PAiXOODp+osKoVkcHs+mGWkS4YQAKamjs+D06HcuZMFGuRJ9a6XHRpew==',
    ],
    [
      'response',
      '1554208460\nc5ac7061fccab6bf3e254dcf98995b8c\n{"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}\n',
      'OFg65QlFhLhLmCyJlzgdJBUPh0lIEhWhFf5BtwHJBvEMJyeBbsoU7Ev+XMTpwDG7cEellHd9qIg6OeUu7/qNueoZx7uwoymv6DsoFx7GMwHcZHaqqFzTiuV0Prx8uE2s0iQelD5gsvwufBRtu190ePl4+1lndOAcj15MBtV5t4R1V+LwqrAmtT862BTCmxQ9MUWVs0P+14F8+zh1K1XklqaRwa8+pfjHoRI6nZwUa3xyL4esUh8c3D68lIPPqsjsViGABqmC6v8Qwr5SU1a/BTOraJ76u+SBIythCWgQoImhZnjBpdpS9d5rtvpYl4LJUtsTmKX2DuJ7zzi0DOw08Q==',
    ],
    [
      'empty-body response',
      '1554208460\nc5ac7061fccab6bf3e254dcf98995b8c\n\n',
      'ZINwyYQs1eEAQ7a/WR3mOgOmCJVDH0bEuVj8EwCOiyo83sh9j87wJwjKffFyaadtX2W5nrHeLkriM/3aNVAASgedCxx9YF3d1PiXViGutqyoZEwFrRvxwLQMFnEpKzEEsf+3MOHFJla//aguW1998hp6RlMFVcUoDCC7QNoTpIZKq1vJZz2uorm82o1jyu5e2+TX0md3ImYs9YGOwZMQ7ftDQdbxXevoj1gtBoABxv+lWqPYc0R0WY2hz0nLKcKsh3RfEvzDQ0RtThw1R5qqnW2Knw2ggeepZXEPyB2VdtCHpb4EZzdKM39qgbTdkYnz8TkeInLxgP6NpKJ6sVCvDA==',
    ],
  ])('reproduces the V9 %s signature', async (_name, message, expected) => {
    expect(Rsa.sign(message, goKey)).toBe(expected);
    expect(Rsa.verify(message, expected, goPublic)).toBe(true);
    await expect(Rsa.signAsync(message, goKey)).resolves.toBe(expected);
    await expect(Rsa.verifyAsync(message, expected, goPublic)).resolves.toBe(true);
  });

  it('signs the same from every private form, and verifies from every public form', () => {
    const message = 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n';
    const signature = Rsa.sign(message, privateKey);
    for (const [, input] of privateForms) expect(Rsa.sign(message, input())).toBe(signature);
    for (const [, input] of publicForms) expect(Rsa.verify(message, signature, input())).toBe(true);
  });

  it('signs text as UTF-8, the same as its bytes', () => {
    const text = '{"description":"腾讯充值中心-QQ会员充值"}';
    expect(Rsa.sign(text, privateKey)).toBe(Rsa.sign(Buffer.from(text, 'utf8'), privateKey));
    expect(Rsa.verify(new TextEncoder().encode(text), Rsa.sign(text, privateKey), publicKey)).toBe(true);
  });

  it('returns false, not an error, for a wrong message or a bad signature', () => {
    const signature = Rsa.sign('message', privateKey);
    const flipped = Buffer.from(signature, 'base64');
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(Rsa.verify('message.', signature, publicKey)).toBe(false);
    expect(Rsa.verify('message', flipped.toString('base64'), publicKey)).toBe(false);
    expect(Rsa.verify('message', Rsa.sign('message', goKey), publicKey)).toBe(false);
    for (const malformed of ['', 'not base64!', 'abc', 'AAAA', `${signature}\n`, signature.slice(0, -4)]) {
      expect(Rsa.verify('message', malformed, publicKey)).toBe(false);
    }
    expect(Rsa.verify('message', undefined as unknown as string, publicKey)).toBe(false);
  });

  it('refuses a private key for verifying and a public key for signing', () => {
    const signature = Rsa.sign('message', privateKey);
    expect(() => Rsa.verify('message', signature, privateKey)).toThrow(/Cannot load a public key from a KeyObject: it holds a private KeyObject/);
    expect(() => Rsa.sign('message', publicKey)).toThrow(/Cannot load a private key/);
    expect(() => Rsa.sign('message', certificate.pem)).toThrow(/it holds a certificate/);
  });
});

describe('Rsa.signAsync / verifyAsync', () => {
  it('give the sync results, off the main thread', async () => {
    const messages = Array.from({ length: 16 }, (_, i) => `message ${i}`);
    const signatures = await Promise.all(messages.map((m) => Rsa.signAsync(m, privateKey)));
    expect(signatures).toEqual(messages.map((m) => Rsa.sign(m, privateKey)));
    const checks = await Promise.all(messages.map((m, i) => Rsa.verifyAsync(m, signatures[i] as string, publicKey)));
    expect(checks.every(Boolean)).toBe(true);
  });

  it('resolve false for bad signatures and reject bad keys', async () => {
    const signature = await Rsa.signAsync('message', pkcs8Pem);
    await expect(Rsa.verifyAsync('other', signature, spkiPem)).resolves.toBe(false);
    await expect(Rsa.verifyAsync('message', 'not base64!', publicKey)).resolves.toBe(false);
    await expect(Rsa.verifyAsync('message', 'AAAA', publicKey)).resolves.toBe(false);
    await expect(Rsa.signAsync('message', publicKey)).rejects.toThrow(InvalidArgumentException);
    await expect(Rsa.verifyAsync('message', signature, privateKey)).rejects.toThrow(InvalidArgumentException);
  });
});

describe('Rsa.encrypt / decrypt', () => {
  const oaepSha1 = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' } as const;

  it('round-trips UTF-8 text, with a fresh ciphertext each time (OAEP is randomised)', () => {
    const name = '张三';
    const first = Rsa.encrypt(name, spkiPem);
    const second = Rsa.encrypt(name, certificate.pem);
    expect(first).not.toBe(second);
    expect(Rsa.decrypt(first, privateKey)).toBe(name);
    expect(Rsa.decrypt(second, file('pkcs1.key'))).toBe(name);
  });

  it('uses RSAES-OAEP with SHA-1, as node computes it independently', () => {
    const ours = Rsa.encrypt('13800138000', publicKey);
    expect(privateDecrypt({ key: privateKey, ...oaepSha1 }, Buffer.from(ours, 'base64')).toString()).toBe('13800138000');
    const theirs = publicEncrypt({ key: publicKey, ...oaepSha1 }, Buffer.from('110101199003071234')).toString('base64');
    expect(Rsa.decrypt(theirs, privateKey)).toBe('110101199003071234');
  });

  it('encrypts up to 214 bytes with a 2048-bit key, and says why it refuses more', () => {
    expect(Rsa.decrypt(Rsa.encrypt('a'.repeat(214), publicKey), privateKey)).toBe('a'.repeat(214));
    expect(() => Rsa.encrypt('a'.repeat(215), publicKey)).toThrow(
      'The plaintext is 215 bytes; RSA-OAEP (SHA-1) with a 2048-bit key encrypts at most 214.',
    );
  });

  it('refuses ciphertexts it cannot decrypt: another key, PKCS#1 v1.5 padding, not base64', () => {
    const other = makeRsaKeyPair(1024);
    expect(() => Rsa.decrypt(Rsa.encrypt('secret', other.publicKey), privateKey)).toThrow(/Decrypting failed: .*for this private key/);
    const pkcs1v15 = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('secret'));
    expect(() => Rsa.decrypt(pkcs1v15.toString('base64'), privateKey)).toThrow(InvalidArgumentException);
    expect(() => Rsa.decrypt('***', privateKey)).toThrow('Decrypting failed: the ciphertext is not base64 text.');
  });

  it('refuses the wrong key types', () => {
    expect(() => Rsa.encrypt('x', privateKey)).toThrow(/Cannot load a public key/);
    expect(() => Rsa.decrypt(Rsa.encrypt('x', publicKey), publicKey)).toThrow(/Cannot load a private key/);
  });
});

describe('Rsa.encrypt / Rsa.decrypt padding (PHP third argument)', () => {
  it('takes OPENSSL_PKCS1_OAEP_PADDING, the default', () => {
    // $c = Rsa::encrypt('张三', $publicKey, OPENSSL_PKCS1_OAEP_PADDING); Rsa::decrypt($c, $privateKey, OPENSSL_PKCS1_OAEP_PADDING);
    const ciphertext = Rsa.encrypt('张三', publicKey, OPENSSL_PKCS1_OAEP_PADDING);
    expect(Rsa.decrypt(ciphertext, privateKey, OPENSSL_PKCS1_OAEP_PADDING)).toBe('张三');
    expect(Rsa.decrypt(Rsa.encrypt('张三', publicKey), privateKey)).toBe('张三');
    expect([OPENSSL_PKCS1_PADDING, OPENSSL_PKCS1_OAEP_PADDING]).toEqual([1, 4]);
  });

  it('refuses OPENSSL_PKCS1_PADDING as wechatpay-php 1.4.10+ does, naming it', () => {
    // Rsa::encrypt('x', $publicKey, OPENSSL_PKCS1_PADDING) → UnexpectedValueException
    expect(() => Rsa.encrypt('x', publicKey, OPENSSL_PKCS1_PADDING)).toThrow(InvalidArgumentException);
    expect(() => Rsa.encrypt('x', publicKey, OPENSSL_PKCS1_PADDING)).toThrow(/only OPENSSL_PKCS1_OAEP_PADDING \(4\).*got 1 \(OPENSSL_PKCS1_PADDING\)/);
    expect(() => Rsa.decrypt(Rsa.encrypt('x', publicKey), privateKey, OPENSSL_PKCS1_PADDING)).toThrow(/Rsa\.decrypt supports only/);
  });
});
