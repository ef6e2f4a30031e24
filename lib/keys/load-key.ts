/**
 * The one way a configured key is read: `Rsa.from`, with an error naming the option it came from. Public keys
 * come back shared with every other client that configured the same key (see shared-public-keys.ts).
 */
import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { sharedPublicKey } from './shared-public-keys';

/** `field` as the caller wrote it, e.g. "`certs['PUB_KEY_ID_…']`" or "`privateKey`". */
export function loadKey(value: unknown, type: 'public' | 'private', field: string): KeyObject {
  try {
    const key = Rsa.from(value as Parameters<typeof Rsa.from>[0], type);
    return type === 'public' ? sharedPublicKey(key) : key;
  } catch (cause) {
    throw new InvalidArgumentException(`${field} could not be loaded as an RSA ${type} key: ${(cause as Error).message}`, { cause });
  }
}
