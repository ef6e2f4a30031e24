/**
 * A private key's JWK, exported from a copy: never call `export({ format: 'jwk' })` on a key that
 * `generateKeyPairSync` made. Node 20 holds the key's lock while it writes the JWK's strings, and a
 * collection there that frees the job which generated the key takes the same lock: the jest worker hangs,
 * blocked, for good (lib/keys/merchant-key.ts `numbersOf` says more).
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export function privateJwkOf(key: KeyObject): JsonWebKey {
  return createPrivateKey({ key: key.export({ type: 'pkcs8', format: 'der' }), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
}
