/**
 * `WeChatPay\Crypto\AesEcb`: AES-256-ECB with PKCS#7 padding, base64 on the wire. APIv2 uses it
 * for the `req_info` of refund notifications, keyed with `Hash.md5(apiv2Secret)` (the 32
 * lower-case hex characters are the 32 key bytes):
 *
 *   Transformer.toArray(AesEcb.decrypt(reqInfo, Hash.md5(secret)))
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { aesBytes, type AesInput } from './aes-input';
import { decodeBase64Strict } from './base64';

const ALGORITHM = 'aes-256-ecb';
const KEY_LENGTH = 32;
const BLOCK_SIZE = 16;

export class AesEcb {
  static readonly BLOCK_SIZE = BLOCK_SIZE;
  static readonly KEY_LENGTH_BYTE = KEY_LENGTH;

  private constructor() {}

  /** base64 of `plaintext` (UTF-8 when text) under a 32-byte `key`. `iv` is ignored: ECB has none (kept for PHP's signature). */
  static encrypt(plaintext: AesInput, key: AesInput, _iv: AesInput = ''): string {
    const cipher = createCipheriv(ALGORITHM, keyOf(key), null);
    return Buffer.concat([cipher.update(aesBytes(plaintext, 'AES-ECB plaintext')), cipher.final()]).toString('base64');
  }

  /** The UTF-8 text inside base64 `ciphertext`. `iv` is ignored, as in PHP. */
  static decrypt(ciphertext: string, key: AesInput, _iv: AesInput = ''): string {
    const keyBytes = keyOf(key);
    const data = typeof ciphertext === 'string' ? decodeBase64Strict(ciphertext) : undefined;
    if (data === undefined) throw new InvalidArgumentException('AES-ECB decryption failed: the ciphertext is not base64 text.');
    if (data.length === 0 || data.length % BLOCK_SIZE !== 0) {
      throw new InvalidArgumentException(`AES-ECB decryption failed: the ciphertext is ${data.length} bytes, not a positive multiple of ${BLOCK_SIZE}.`);
    }
    const decipher = createDecipheriv(ALGORITHM, keyBytes, null);
    try {
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (error) {
      // ECB has no tag: a wrong key shows up only as broken padding (and not always).
      throw new InvalidArgumentException('AES-ECB decryption failed: bad padding; check the key (for req_info: Hash.md5(APIv2 secret)).', { cause: error });
    }
  }
}

/** PHP pads a short key with zeros and cuts a long one; we refuse both, naming the length. */
function keyOf(key: AesInput): Buffer {
  const bytes = aesBytes(key, 'AES-ECB key');
  if (bytes.length !== KEY_LENGTH) {
    throw new InvalidArgumentException(`The AES-256-ECB key must be ${KEY_LENGTH} bytes (for req_info: Hash.md5(APIv2 secret)), got ${bytes.length}.`);
  }
  return bytes;
}
