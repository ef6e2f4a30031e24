/**
 * A merchant key given as PEM text is read without OpenSSL: it signs as the key it is, the block chosen in a
 * bundle is the private key, a damaged key is refused at Builder.factory naming the field, and what the
 * reader does not take (encrypted or small keys, public keys) gets the same errors as before.
 */
import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { privateKeyNumbers } from '../../lib/keys/private-key-numbers';
import { MerchantKey } from '../../lib/keys/merchant-key';
import { InvalidArgumentException } from '../../lib';
import { privateJwkOf } from '../helpers/jwk';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const pkcs1Pem = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
const signs = (key: MerchantKey) => verify('sha256', Buffer.from('m'), publicKey, sign('sha256', Buffer.from('m'), key.use()));

it('reads PKCS#8 and PKCS#1 PEM, alone or after a certificate block, and the key signs', () => {
  const bundle = `${publicKey.export({ format: 'pem', type: 'spki' })}${pkcs8Pem}`;
  for (const pem of [pkcs8Pem, pkcs1Pem, bundle, pkcs8Pem.replace(/\n/g, '\r\n')]) {
    expect(privateKeyNumbers(pem, '`privateKey`')).toBeDefined();
    expect(signs(MerchantKey.load(pem, '`privateKey`'))).toBe(true);
  }
});

it('leaves to loadKey what it does not read: KeyObjects, encrypted and small keys, public keys', () => {
  const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pass' }).toString();
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  for (const value of [privateKey, encrypted, small, publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'file:///nowhere.pem', 'text']) {
    expect(privateKeyNumbers(value, '`privateKey`')).toBeUndefined();
  }
  expect(signs(MerchantKey.load(privateKey, '`privateKey`'))).toBe(true);
  expect(() => MerchantKey.load(encrypted, '`privateKey`')).toThrow(/`privateKey` could not be loaded as an RSA private key: .*encrypted/);
  expect(() => MerchantKey.load(publicKey.export({ format: 'pem', type: 'spki' }).toString(), '`privateKey`')).toThrow(/`privateKey` could not be loaded as an RSA private key/);
});

it('refuses a key whose numbers disagree, naming the field and never the numbers', () => {
  const der = privateKey.export({ format: 'der', type: 'pkcs1' });
  der[der.length - 10]! ^= 0x01; // inside qi: still strict DER, no longer the key's qi
  const damaged = `-----BEGIN RSA PRIVATE KEY-----\n${der.toString('base64')}\n-----END RSA PRIVATE KEY-----\n`;
  let thrown: unknown;
  try {
    MerchantKey.load(damaged, '`privateKey`');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidArgumentException);
  expect((thrown as Error).message).toMatch(/^`privateKey` could not be loaded as an RSA private key: .*damaged/);
  expect((thrown as Error).message).not.toMatch(/[0-9a-f]{16}/i);
});

it('a damaged key handed in as a KeyObject (OpenSSL loads it) is refused the same way', () => {
  const der = privateKey.export({ format: 'der', type: 'pkcs1' });
  der[der.length - 10]! ^= 0x01;
  const loadedByOpenSsl = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  expect(() => MerchantKey.load(loadedByOpenSsl, '`privateKey`')).toThrow(/^`privateKey` could not be loaded as an RSA private key: .*damaged/);
});

it('the key a client keeps (e, d, p, q, qi) parses back to every number of the original', () => {
  for (const value of [pkcs8Pem, pkcs1Pem, privateKey]) {
    const rebuilt = MerchantKey.load(value, '`privateKey`').use().export({ format: 'jwk' });
    expect(rebuilt).toEqual(privateJwkOf(privateKey));
  }
});
