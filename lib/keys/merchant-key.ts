/**
 * The merchant's private key as a client holds it. A parsed `KeyObject` costs about 10 KB of OpenSSL memory
 * once it has signed (OpenSSL keeps Montgomery contexts and blinding state per key), so a process serving
 * thousands of mostly idle merchants must not keep one per merchant. Each client keeps the key's RSA numbers
 * (about 1.1 KB, sealed in a private field) and the process keeps parsed `KeyObject`s for the most recently
 * used keys only: a busy merchant always finds its key parsed, an idle one holds none. A key is re-parsed
 * from its numbers as JWK, which OpenSSL imports about ten times faster than PKCS#8 DER.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { conceal, REDACTED } from '../redact';
import { RecentlyUsed } from '../stores/recently-used';

/** Parsed keys kept by the process (about 10 KB each once used); past this the least recently used is dropped. */
export const DEFAULT_PARSED_KEYS = 1024;

/** The RSA private key's JWK members, in the order they are packed. */
const MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

export class MerchantKey {
  /** Parsed keys by holder, shared by every client of the process. */
  static readonly #parsed = new RecentlyUsed<MerchantKey, KeyObject>(DEFAULT_PARSED_KEYS);

  /** The members' bytes, each after a two-byte length: no strings on the JS heap, no per-member objects. */
  readonly #numbers: Buffer;

  /** `key` is an RSA private key already checked by the caller. It is not kept: the first use re-parses. */
  constructor(key: KeyObject) {
    this.#numbers = pack(key.export({ format: 'jwk' }));
    // Parsed once here, so a key that cannot make the round trip fails at Builder.factory, not at a later call;
    // and kept, since a client just built is usually about to sign.
    MerchantKey.#parsed.set(this, this.#parse());
    conceal(this, () => REDACTED);
  }

  /** The parsed key, for signing now; parsed again when it had been dropped. Don't keep it: ask again next time. */
  use(): KeyObject {
    return MerchantKey.#parsed.get(this) ?? MerchantKey.#parsed.set(this, this.#parse());
  }

  /** Whether the process keeps this key parsed now. */
  get isParsed(): boolean {
    return MerchantKey.#parsed.has(this);
  }

  /** How many private keys the process keeps parsed now. */
  static get parsedCount(): number {
    return MerchantKey.#parsed.size;
  }

  /** How many private keys the process may keep parsed (default 1,024: about 10 MB of OpenSSL memory once used). */
  static get capacity(): number {
    return MerchantKey.#parsed.capacity;
  }

  /** A positive integer; lowering it drops the least recently used keys at once. */
  static set capacity(count: number) {
    MerchantKey.#parsed.capacity = count;
  }

  #parse(): KeyObject {
    return createPrivateKey({ key: unpack(this.#numbers), format: 'jwk' });
  }
}

function pack(jwk: JsonWebKey): Buffer {
  if (MEMBERS.some((name) => typeof jwk[name] !== 'string')) {
    throw new InvalidArgumentException('`privateKey` lacks some of its RSA numbers (the CRT parameters p, q, dp, dq, qi): export it again as PKCS#8.');
  }
  const parts = MEMBERS.map((name) => Buffer.from(jwk[name] as string, 'base64url'));
  // Its own allocation, every byte written below: a slice of Node's shared pool would keep 8 KB alive per key.
  const packed = Buffer.allocUnsafeSlow(parts.reduce((sum, part) => sum + 2 + part.length, 0));
  let at = 0;
  for (const part of parts) {
    at = packed.writeUInt16BE(part.length, at);
    at += part.copy(packed, at);
  }
  return packed;
}

function unpack(packed: Buffer): JsonWebKey {
  const jwk: JsonWebKey = { kty: 'RSA' };
  let at = 0;
  for (const name of MEMBERS) {
    const length = packed.readUInt16BE(at);
    jwk[name] = packed.toString('base64url', at + 2, at + 2 + length);
    at += 2 + length;
  }
  return jwk;
}
