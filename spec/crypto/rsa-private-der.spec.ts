/**
 * The strict DER reader of RSA private keys: it gives the very numbers OpenSSL reads from PKCS#8 and PKCS#1,
 * and declines (undefined) whatever is not a plain two-prime RSA key of 2,048 bits or more in strict DER, so
 * that OpenSSL reads it instead. rsaNumbersAgree finds a key whose numbers do not make one key.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readRsaPrivateDer, rsaNumbersAgree, type RsaPrivateNumbers } from '../../lib/crypto/rsa-private-der';
import { privateJwkOf } from '../helpers/jwk';

const MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const pkcs8 = (key: KeyObject) => key.export({ format: 'der', type: 'pkcs8' });
const pkcs1 = (key: KeyObject) => key.export({ format: 'der', type: 'pkcs1' });
const jwkNumbers = (key: KeyObject) => {
  const jwk = privateJwkOf(key) as Record<string, string>;
  return Object.fromEntries(MEMBERS.map((name) => [name, Buffer.from(jwk[name]!, 'base64url')])) as unknown as RsaPrivateNumbers;
};
const hexOf = (numbers: RsaPrivateNumbers | undefined) => numbers && MEMBERS.map((name) => numbers[name].toString('hex'));

// A minimal DER writer, to build keys the reader must decline or find damaged.
const tlv = (tag: number, content: Buffer) => {
  const n = content.length;
  const length = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([Buffer.of(tag), length, content]);
};
const int = (bytes: Buffer) => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes);
const rsaPrivateKey = (numbers: RsaPrivateNumbers, version = Buffer.of(0)) => tlv(0x30, Buffer.concat([tlv(0x02, version), ...MEMBERS.map((name) => int(numbers[name]))]));

it('reads PKCS#8 and PKCS#1 to the numbers OpenSSL reads', () => {
  for (const key of [rsa2048, generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey]) {
    const expected = hexOf(jwkNumbers(key));
    expect(hexOf(readRsaPrivateDer(pkcs8(key), 'pkcs8'))).toEqual(expected);
    expect(hexOf(readRsaPrivateDer(pkcs1(key), 'pkcs1'))).toEqual(expected);
    expect(rsaNumbersAgree(readRsaPrivateDer(pkcs8(key), 'pkcs8')!)).toBe(true);
  }
});

it('declines keys under 2,048 bits, other algorithms and the other format', () => {
  expect(readRsaPrivateDer(pkcs8(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey), 'pkcs8')).toBeUndefined();
  expect(readRsaPrivateDer(pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), 'pkcs8')).toBeUndefined();
  expect(readRsaPrivateDer(pkcs8(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey), 'pkcs8')).toBeUndefined();
  expect(readRsaPrivateDer(pkcs8(rsa2048), 'pkcs1')).toBeUndefined();
  expect(readRsaPrivateDer(pkcs1(rsa2048), 'pkcs8')).toBeUndefined();
});

it('declines what is not strict DER: truncated, trailing bytes, long-form short lengths, padded or negative integers', () => {
  const der = pkcs1(rsa2048);
  const numbers = jwkNumbers(rsa2048);
  expect(readRsaPrivateDer(der.subarray(0, der.length - 1), 'pkcs1')).toBeUndefined();
  expect(readRsaPrivateDer(Buffer.concat([der, Buffer.of(0)]), 'pkcs1')).toBeUndefined();
  expect(readRsaPrivateDer(Buffer.alloc(0), 'pkcs1')).toBeUndefined();
  // The version written as 02 81 01 00: a long-form length where the short form fits.
  const longVersion = tlv(0x30, Buffer.concat([Buffer.of(0x02, 0x81, 0x01, 0x00), ...MEMBERS.map((name) => int(numbers[name]))]));
  expect(readRsaPrivateDer(longVersion, 'pkcs1')).toBeUndefined();
  // e with a needless leading zero byte, then e negative.
  const withE = (e: Buffer) => tlv(0x30, Buffer.concat([tlv(0x02, Buffer.of(0)), int(numbers.n), tlv(0x02, e), ...MEMBERS.slice(2).map((name) => int(numbers[name]))]));
  expect(readRsaPrivateDer(withE(Buffer.of(0x01, 0x00, 0x01)), 'pkcs1')).not.toBeUndefined();
  expect(readRsaPrivateDer(withE(Buffer.of(0x00, 0x01, 0x00, 0x01)), 'pkcs1')).toBeUndefined();
  expect(readRsaPrivateDer(withE(Buffer.of(0x81, 0x00, 0x01)), 'pkcs1')).toBeUndefined();
  // Multi-prime (version 1) keys are left to OpenSSL.
  expect(readRsaPrivateDer(rsaPrivateKey(numbers, Buffer.of(1)), 'pkcs1')).toBeUndefined();
});

it('finds numbers that do not make one key', () => {
  const numbers = jwkNumbers(rsa2048);
  expect(rsaNumbersAgree(readRsaPrivateDer(rsaPrivateKey(numbers), 'pkcs1')!)).toBe(true);
  for (const name of ['n', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'e'] as const) {
    const damaged = Buffer.from(numbers[name]);
    damaged[damaged.length - 1]! ^= 0x02;
    const read = readRsaPrivateDer(rsaPrivateKey({ ...numbers, [name]: damaged }), 'pkcs1');
    expect(read && rsaNumbersAgree(read)).toBe(false);
  }
});
