/**
 * `WeChatPay\Crypto\AesGcm`: AEAD_AES_256_GCM, which WeChat Pay uses with the APIv3 key for
 * notification resources and `/v3/certificates` payloads. The wire form is base64(ciphertext ‖ 16-byte tag).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { aesBytes, type AesInput } from './aes-input';
import { decodeBase64Strict } from './base64';

export type { AesInput } from './aes-input';

const ALGORITHM = 'aes-256-gcm';
const KEY_LENGTH = 32;
const TAG_LENGTH = 16;

export class AesGcm {
  static readonly KEY_LENGTH_BYTE = KEY_LENGTH;
  static readonly AUTH_TAG_LENGTH_BYTE = TAG_LENGTH;

  private constructor() {}

  /** base64(ciphertext ‖ tag) of `plaintext` under `key` (32 bytes), `iv` (WeChat uses 12 bytes) and `aad`. */
  static encrypt(plaintext: AesInput, key: AesInput, iv: AesInput, aad: AesInput = ''): string {
    const cipher = createCipheriv(ALGORITHM, keyOf(key), ivOf(iv), { authTagLength: TAG_LENGTH });
    cipher.setAAD(aesBytes(aad, 'AES-GCM associated data'));
    const ciphertext = Buffer.concat([cipher.update(aesBytes(plaintext, 'AES-GCM plaintext')), cipher.final()]);
    return Buffer.concat([ciphertext, cipher.getAuthTag()]).toString('base64');
  }

  /**
   * The UTF-8 text inside base64(ciphertext ‖ tag). Throws rather than return unauthenticated bytes
   * when the key, nonce, associated data or ciphertext do not match.
   */
  static decrypt(ciphertext: string, key: AesInput, iv: AesInput, aad: AesInput = ''): string {
    const keyBytes = keyOf(key);
    const ivBytes = ivOf(iv);
    const data = typeof ciphertext === 'string' ? decodeBase64Strict(ciphertext) : undefined;
    if (data === undefined) throw new InvalidArgumentException('AES-GCM decryption failed: the ciphertext is not base64 text.');
    // WeChat Pay always appends a full 16-byte tag; shorter tags (PHP accepts down to 4) would weaken the check.
    if (data.length < TAG_LENGTH) {
      throw new InvalidArgumentException(
        `AES-GCM decryption failed: the ciphertext is ${data.length} bytes, shorter than its ${TAG_LENGTH}-byte tag.`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, keyBytes, ivBytes, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    decipher.setAAD(aesBytes(aad, 'AES-GCM associated data'));
    const plaintext = decipher.update(data.subarray(0, data.length - TAG_LENGTH));
    try {
      decipher.final();
    } catch (error) {
      throw new InvalidArgumentException(
        'AES-GCM decryption failed: the authentication tag does not match; check the APIv3 key, the nonce and associated_data.',
        { cause: error },
      );
    }
    return plaintext.toString('utf8');
  }
}

/**
 * PHP's OpenSSL zero-pads a short key and truncates a long one, so a wrong key there fails later as a
 * tag mismatch. We refuse any key that is not exactly 32 bytes, saying so.
 */
function keyOf(key: AesInput): Buffer {
  const bytes = aesBytes(key, 'AES-GCM key');
  if (bytes.length !== KEY_LENGTH) {
    throw new InvalidArgumentException(`The AES-256-GCM key must be ${KEY_LENGTH} bytes (the APIv3 key), got ${bytes.length}.`);
  }
  return bytes;
}

function ivOf(iv: AesInput): Buffer {
  const bytes = aesBytes(iv, 'AES-GCM nonce (IV)');
  if (bytes.length === 0) throw new InvalidArgumentException('The AES-GCM nonce (IV) must not be empty.');
  return bytes;
}
