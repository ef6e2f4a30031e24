/**
 * `WeChatPay\Crypto\Rsa`: key loading, SHA256withRSA signatures and RSAES-OAEP (SHA-1) encryption of
 * sensitive fields, on `node:crypto` alone. Every method takes anything `from` takes; a `KeyObject`
 * is used as is, so callers that parse their keys once pay nothing per call.
 */
import { constants, privateDecrypt, publicEncrypt, sign, verify, type KeyObject } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { decodeBase64Strict } from './base64';
import { loadRsaKey, type KeyType, type RsaKeyInput } from './rsa-key';

export type { RsaKeyInput } from './rsa-key';
export type RsaKeyType = KeyType;

/** What is signed or encrypted: text is taken as UTF-8. */
export type RsaMessage = string | Uint8Array;

/** PHP's `OPENSSL_PKCS1_PADDING`: PKCS#1 v1.5 encryption, refused (see checkPadding). */
export const OPENSSL_PKCS1_PADDING = 1;
/** PHP's `OPENSSL_PKCS1_OAEP_PADDING`: RSAES-OAEP with SHA-1, the default and the only padding used. */
export const OPENSSL_PKCS1_OAEP_PADDING = 4;
export type RsaPadding = typeof OPENSSL_PKCS1_PADDING | typeof OPENSSL_PKCS1_OAEP_PADDING;

const SIGNATURE_DIGEST = 'sha256';
/** OAEP with SHA-1 and MGF1-SHA-1: the only padding WeChat Pay accepts for sensitive fields (PHP 1.4.10+ too). */
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' } as const;
/** OAEP overhead in bytes for SHA-1: 2 × 20-byte digests + 2. */
const OAEP_SHA1_OVERHEAD = 42;

// DER pieces of an RSA SubjectPublicKeyInfo: AlgorithmIdentifier { rsaEncryption, NULL }.
const RSA_ALGORITHM_IDENTIFIER = Buffer.from('300d06092a864886f70d0101010500', 'hex');
const DER_SEQUENCE = 0x30;
const DER_BIT_STRING = 0x03;

export class Rsa {
  static readonly KEY_TYPE_PUBLIC = 'public';
  static readonly KEY_TYPE_PRIVATE = 'private';

  private constructor() {}

  /**
   * An RSA `KeyObject` of the given type from: `file://` paths (PEM or DER keys, certificates), PEM text
   * (`PRIVATE KEY`, `RSA PRIVATE KEY`, `PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`; `ENCRYPTED PRIVATE KEY`
   * as `[pem, passphrase]`), `private.pkcs1://`, `private.pkcs8://`, `public.pkcs1://`, `public.spki://`
   * followed by base64 DER, DER bytes, an `X509Certificate` (its public key) or a `KeyObject`.
   * A private key asked for as public (or the reverse) is refused, as in PHP.
   */
  static from(thing: RsaKeyInput, type: RsaKeyType = Rsa.KEY_TYPE_PRIVATE): KeyObject {
    if (type !== Rsa.KEY_TYPE_PRIVATE && type !== Rsa.KEY_TYPE_PUBLIC) {
      throw new InvalidArgumentException(
        `The key type must be Rsa.KEY_TYPE_PRIVATE ('private') or Rsa.KEY_TYPE_PUBLIC ('public'), got '${String(type)}'.`,
      );
    }
    return loadRsaKey(thing, type);
  }

  /** A key from base64 PKCS#1 DER (`RSAPrivateKey`, or `RSAPublicKey` for the public type). */
  static fromPkcs1(base64: string, type: RsaKeyType = Rsa.KEY_TYPE_PRIVATE): KeyObject {
    return Rsa.from(`${type}.pkcs1://${base64}`, type);
  }

  /** A private key from base64 PKCS#8 DER (the body of `apiclient_key.pem`). */
  static fromPkcs8(base64: string): KeyObject {
    return Rsa.from(`private.pkcs8://${base64}`, Rsa.KEY_TYPE_PRIVATE);
  }

  /** A public key from base64 SubjectPublicKeyInfo DER (the body of `pub_key.pem`). */
  static fromSpki(base64: string): KeyObject {
    return Rsa.from(`public.spki://${base64}`, Rsa.KEY_TYPE_PUBLIC);
  }

  /**
   * Wraps a base64 PKCS#1 `RSAPublicKey` into base64 SubjectPublicKeyInfo:
   * `SEQUENCE { AlgorithmIdentifier, BIT STRING (0 unused bits ‖ pkcs1) }`.
   */
  static pkcs1ToSpki(base64: string): string {
    const pkcs1 = decodeBase64Strict(base64.replace(/\s+/g, ''));
    if (pkcs1 === undefined || pkcs1.length === 0 || pkcs1[0] !== DER_SEQUENCE) {
      throw new InvalidArgumentException('Rsa.pkcs1ToSpki expects base64 DER of a PKCS#1 RSAPublicKey (a DER SEQUENCE).');
    }
    const subjectPublicKey = derElement(DER_BIT_STRING, Buffer.concat([Buffer.of(0), pkcs1]));
    return derElement(DER_SEQUENCE, Buffer.concat([RSA_ALGORITHM_IDENTIFIER, subjectPublicKey])).toString('base64');
  }

  /** SHA256withRSA (RSASSA-PKCS1-v1_5), base64: the APIv3 request signature and JSAPI `paySign`. */
  static sign(message: RsaMessage, privateKey: RsaKeyInput): string {
    return sign(SIGNATURE_DIGEST, bytesOf(message), Rsa.from(privateKey, Rsa.KEY_TYPE_PRIVATE)).toString('base64');
  }

  /** `sign` on libuv's thread pool, so many concurrent requests use more than one core. */
  static signAsync(message: RsaMessage, privateKey: RsaKeyInput): Promise<string> {
    return Rsa.signThen(message, privateKey, (signature) => signature);
  }

  /**
   * `signAsync(message, privateKey).then(then)` in one promise: `then` runs in the thread pool's callback,
   * and its value (or what it throws) settles the promise returned. A signer sends its request from there.
   */
  static signThen<T>(message: RsaMessage, privateKey: RsaKeyInput, then: (signature: string) => T | PromiseLike<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const key = Rsa.from(privateKey, Rsa.KEY_TYPE_PRIVATE);
      sign(SIGNATURE_DIGEST, bytesOf(message), key, (error, signature) => {
        if (error) return reject(error);
        try {
          resolve(then(signature.toString('base64')));
        } catch (thrown) {
          reject(thrown);
        }
      });
    });
  }

  /** Whether `signature` (base64) is a SHA256withRSA signature of `message`; malformed base64 is simply `false`. */
  static verify(message: RsaMessage, signature: string, publicKey: RsaKeyInput): boolean {
    const key = Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC);
    const data = bytesOf(message);
    const signatureBytes = signatureBytesOf(signature);
    if (signatureBytes === undefined) return false;
    try {
      return verify(SIGNATURE_DIGEST, data, key, signatureBytes);
    } catch {
      return false; // OpenSSL rejects some malformed signatures (wrong length) by error rather than by result.
    }
  }

  /** `verify` on libuv's thread pool. */
  static verifyAsync(message: RsaMessage, signature: string, publicKey: RsaKeyInput): Promise<boolean> {
    // A bad key or message rejects (the executor's throw); a bad signature resolves false.
    return new Promise((resolve) => {
      const key = Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC);
      const data = bytesOf(message);
      const signatureBytes = signatureBytesOf(signature);
      if (signatureBytes === undefined) return resolve(false);
      try {
        verify(SIGNATURE_DIGEST, data, key, signatureBytes, (error, valid) => resolve(!error && valid));
      } catch {
        resolve(false);
      }
    });
  }

  /**
   * RSAES-OAEP (SHA-1, MGF1-SHA-1) encryption of a sensitive field, base64; send `Wechatpay-Serial` with it.
   * `padding` is PHP's third argument: `OPENSSL_PKCS1_OAEP_PADDING` (the default) is the only one accepted.
   */
  static encrypt(plaintext: RsaMessage, publicKey: RsaKeyInput, padding: RsaPadding = OPENSSL_PKCS1_OAEP_PADDING): string {
    checkPadding(padding, 'encrypt');
    const key = Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC);
    const data = bytesOf(plaintext);
    const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    const capacity = modulusBits / 8 - OAEP_SHA1_OVERHEAD;
    if (data.length > capacity) {
      throw new InvalidArgumentException(
        `The plaintext is ${data.length} bytes; RSA-OAEP (SHA-1) with a ${modulusBits}-bit key encrypts at most ${capacity}.`,
      );
    }
    return publicEncrypt({ key, ...OAEP }, data).toString('base64');
  }

  /** Decrypts a base64 RSAES-OAEP (SHA-1) ciphertext to UTF-8 text; `padding` as in `encrypt`. */
  static decrypt(ciphertext: string, privateKey: RsaKeyInput, padding: RsaPadding = OPENSSL_PKCS1_OAEP_PADDING): string {
    checkPadding(padding, 'decrypt');
    const key = Rsa.from(privateKey, Rsa.KEY_TYPE_PRIVATE);
    const data = typeof ciphertext === 'string' ? decodeBase64Strict(ciphertext) : undefined;
    if (data === undefined || data.length === 0) {
      throw new InvalidArgumentException('Decrypting failed: the ciphertext is not base64 text.');
    }
    try {
      return privateDecrypt({ key, ...OAEP }, data).toString('utf8');
    } catch (error) {
      throw new InvalidArgumentException(
        'Decrypting failed: the ciphertext was not encrypted with RSA-OAEP (SHA-1) for this private key.',
        { cause: error },
      );
    }
  }
}

/**
 * As wechatpay-php since 1.4.10: PKCS#1 v1.5 encryption is open to padding-oracle attacks, WeChat Pay
 * accepts only OAEP, and Node itself refuses v1.5 decryption, so OAEP is the one padding taken.
 */
function checkPadding(padding: unknown, method: 'encrypt' | 'decrypt'): void {
  if (padding === OPENSSL_PKCS1_OAEP_PADDING) return;
  const name = padding === OPENSSL_PKCS1_PADDING ? ' (OPENSSL_PKCS1_PADDING)' : '';
  throw new InvalidArgumentException(
    `Rsa.${method} supports only OPENSSL_PKCS1_OAEP_PADDING (${OPENSSL_PKCS1_OAEP_PADDING}), as wechatpay-php 1.4.10+ does; got ${String(padding)}${name}. ` +
      'PKCS#1 v1.5 encryption is insecure and WeChat Pay does not accept it.',
  );
}

function bytesOf(message: RsaMessage): Buffer {
  if (typeof message === 'string') return Buffer.from(message, 'utf8');
  if (Buffer.isBuffer(message)) return message; // the verifier's message: no second view over the same bytes
  if (message instanceof Uint8Array) return Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  throw new InvalidArgumentException(`The message must be a string or bytes, got ${message === null ? 'null' : typeof message}.`);
}

function signatureBytesOf(signature: unknown): Buffer | undefined {
  if (typeof signature !== 'string' || signature === '') return undefined;
  return decodeBase64Strict(signature);
}

/** A DER tag-length-value; lengths over 127 use the long form (0x80 | count, big-endian bytes). */
function derElement(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.of(tag), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}
