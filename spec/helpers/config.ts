/** A valid client config with keys made for this run, for specs that never reach a server. */
import { generateKeyPairSync } from 'node:crypto';
import type { ClientConfig } from '../../lib/client/config';

let keys: { merchant: string; platform: string } | undefined;

export function testKeys() {
  if (!keys) {
    const pem = () =>
      generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const merchant = pem();
    const platform = pem();
    keys = { merchant: merchant.privateKey, platform: platform.publicKey };
  }
  return keys;
}

export function testConfig(overrides: Partial<ClientConfig> = {}): ClientConfig {
  const { merchant, platform } = testKeys();
  return {
    mchid: '1900000109',
    serial: '3775B6A45ACD588826D15E583A95F5DD00000000',
    privateKey: merchant,
    certs: { PUB_KEY_ID_0114232134912410000000000000001: platform },
    base_uri: 'http://127.0.0.1:1/',
    ...overrides,
  };
}
