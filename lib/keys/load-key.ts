/**
 * The one way a configured key is read: `Rsa.from`, with an error naming the option it came from. Public keys
 * come back shared with every other client that configured the same key (see shared-public-keys.ts).
 */
import type { KeyObject } from 'node:crypto';
import { looksLikePem } from '../crypto/key-source';
import { Rsa } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { sharedPublicKey, sharedPublicKeyOfPem } from './shared-public-keys';

/** `field` as the caller wrote it, e.g. "`certs['PUB_KEY_ID_…']`" or "`privateKey`". */
export function loadKey(value: unknown, type: 'public' | 'private', field: string): KeyObject {
  if (type === 'public' && typeof value === 'string' && looksLikePem(value)) return sharedPublicKeyOfPem(value, () => parse(value, type, field));
  const key = parse(value, type, field);
  return type === 'public' ? sharedPublicKey(key) : key;
}

function parse(value: unknown, type: 'public' | 'private', field: string): KeyObject {
  try {
    return Rsa.from(value as Parameters<typeof Rsa.from>[0], type);
  } catch (cause) {
    throw new InvalidArgumentException(`${field} could not be loaded as an RSA ${type} key: ${(cause as Error).message}`, { cause });
  }
}
