/** Builder.factory validation: every mistake is an InvalidArgumentException naming the field, at once. */
import { Builder, CertificateStore, InvalidArgumentException, Rsa } from '../../lib';
import { testConfig, testKeys } from '../helpers/config';

describe('Builder.factory config', () => {
  it.each([
    ['mchid', { mchid: undefined }, /`mchid` is required.*got nothing for `mchid`/],
    ['mchid as a number', { mchid: 1900000109 }, /`mchid` is required.*a number/],
    ['serial', { serial: '' }, /`serial` is required.*an empty string/],
    ['privateKey', { privateKey: undefined }, /`privateKey` is required/],
    ['privateKey not a key', { privateKey: 'not a key' }, /`privateKey` could not be loaded as an RSA private key/],
    ['privateKey given a public key', { privateKey: testKeys().platform }, /`privateKey` could not be loaded as an RSA private key/],
    ['certs', { certs: undefined }, /`certs` are required/],
    ['certs empty', { certs: {} }, /`certs` are required/],
    ['certs value', { certs: { PUB_KEY_ID_1: 'nope' } }, /`certs\['PUB_KEY_ID_1'\]` could not be loaded as an RSA public key/],
    ['serial inside certs', { serial: 'PUB_KEY_ID_0114232134912410000000000000001' }, /contains the merchant's certificate serial number/],
    ['base_uri', { base_uri: 'ftp://x/' }, /`base_uri` must be http\(s\)/],
    ['timeout', { timeout: -1 }, /`timeout` must be a number/],
    ['merchant', { merchant: { cert: 'x' } }, /`merchant` needs both `cert` and `key`/],
  ])('%s', (_, override, message) => {
    expect(() => Builder.factory({ ...testConfig(), ...(override as object) })).toThrow(InvalidArgumentException);
    expect(() => Builder.factory({ ...testConfig(), ...(override as object) })).toThrow(message);
  });

  it('never echoes key material in its messages', () => {
    const pem = testKeys().merchant;
    try {
      Builder.factory({ ...testConfig(), certs: { X: pem } });
    } catch (error) {
      expect((error as Error).message).not.toContain(pem.slice(40, 80));
      return;
    }
    throw new Error('a private key was accepted as a public one');
  });

  it('accepts KeyObjects and a CertificateStore', () => {
    const store = new CertificateStore([['PUB_KEY_ID_1', Rsa.from(testKeys().platform, Rsa.KEY_TYPE_PUBLIC)]]);
    expect(() => Builder.factory({ ...testConfig(), privateKey: Rsa.from(testKeys().merchant), certs: store })).not.toThrow();
  });

  it('refuses a config that is not an object', () => {
    expect(() => Builder.factory(undefined as never)).toThrow(/needs a config object/);
  });
});
