/** Keys for the resilience specs: one merchant pair and one platform pair per test file (keygen is slow). */
import { generateKeyPairSync } from 'node:crypto';
import type { ClientConfig } from '../../lib/client/config';
import type { SigningKey } from './faults-server';

interface Pems {
  privateKey: string;
  publicKey: string;
}

const pair = (): Pems =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

let keys: { merchant: Pems; platform: Pems } | undefined;
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000FA17';

function shared() {
  return (keys ??= { merchant: pair(), platform: pair() });
}

/** What the fault servers sign their 200s with. */
export function platformSigning(): SigningKey {
  return { serial: PLATFORM_SERIAL, privateKeyPem: shared().platform.privateKey };
}

/** A client config that trusts the fault servers' signatures. */
export function faultsClientConfig(overrides: Partial<ClientConfig> & { base_uri: string }): ClientConfig {
  const { merchant, platform } = shared();
  return {
    mchid: '1900000109',
    serial: '3775B6A45ACD588826D15E583A95F5DD0000FA17',
    privateKey: merchant.privateKey,
    certs: { [PLATFORM_SERIAL]: platform.publicKey },
    ...overrides,
  };
}
