/**
 * The merchant's private key as a client holds it. A parsed `KeyObject` costs about 10 KB of OpenSSL memory
 * once it has signed (OpenSSL keeps Montgomery contexts and blinding state per key), so a process serving
 * thousands of mostly idle merchants must not keep one per merchant. Each client keeps the RSA numbers the
 * key cannot be rebuilt without (e, d, p, q, qi: about 650 bytes for 2,048 bits, sealed in a private field)
 * and the process keeps parsed `KeyObject`s only for keys that sign again soon: a busy merchant always finds
 * its key parsed, an idle one holds none. A key is re-parsed from its numbers as JWK (n, dp and dq derived
 * again, some 50 µs), which OpenSSL imports about ten times faster than PKCS#8 DER.
 *
 * A key that signs once is not kept: its `KeyObject` dies young and the next scavenge frees its OpenSSL
 * memory. Kept keys die old, and V8 frees their memory only at a full collection, which it does not hurry
 * (it cannot see OpenSSL's memory): a process whose every merchant signs once, through a cache of kept keys,
 * piles up thousands of dead keys between full collections, and the allocator keeps those pages after.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { completeRsaNumbers, rsaNumbersAgree, type RsaCoreNumbers, type RsaPrivateNumbers } from '../crypto/rsa-private-der';
import { InvalidArgumentException } from '../errors';
import { concealingPrototype, REDACTED } from '../redact';
import { RecentlyUsed } from '../stores/recently-used';
import { loadKey } from './load-key';
import { damagedKey, privateKeyNumbers } from './private-key-numbers';

/** Parsed keys kept by the process (about 10 KB each once used); past this the least recently used is dropped. */
export const DEFAULT_PARSED_KEYS = 1024;

/** The RSA private key's JWK members. */
const MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
/** The members a client keeps, in the order they are packed: n, dp and dq are derived again when the key is parsed. */
const PACKED = ['e', 'd', 'p', 'q', 'qi'] as const;

export class MerchantKey {
  /** Parsed keys by holder, shared by every client of the process. */
  static readonly #parsed = new RecentlyUsed<MerchantKey, KeyObject>(DEFAULT_PARSED_KEYS);
  /** Keys that signed once lately without being kept parsed: the next use of one of them keeps it. */
  static readonly #signedOnce = new RecentlyUsed<MerchantKey, true>(DEFAULT_PARSED_KEYS);

  /**
   * The packed members' bytes, each after a two-byte length, from `#at` in a slab shared with other keys
   * (see `pack`): no strings on the JS heap, no per-member objects, no buffer object per key.
   */
  readonly #slab: Buffer;
  readonly #at: number;

  /**
   * The key `Builder.factory` was given as `field`: PEM text of a plain RSA key is read and checked without
   * OpenSSL (about 1 ms and some native memory saved per client); anything else is loaded by `loadKey`.
   */
  static load(value: unknown, field: string): MerchantKey {
    const numbers = privateKeyNumbers(value, field);
    if (numbers !== undefined) return new MerchantKey(numbers);
    const key = new MerchantKey(numbersOf(loadKey(value, 'private', field), field));
    // Parsed once here (and not kept), so a key that cannot make the round trip fails at Builder.factory.
    key.#parse();
    return key;
  }

  /** `numbers` were found to agree (`rsaNumbersAgree`): what is not packed is derived from the rest. */
  private constructor(numbers: RsaPrivateNumbers) {
    const packed = pack(numbers);
    this.#slab = packed.slab;
    this.#at = packed.at;
  }

  /**
   * The parsed key, for signing now. The first use in a while parses a key that is not kept; a second use soon
   * after keeps it parsed until it idles. Don't keep it: ask again next time.
   */
  use(): KeyObject {
    const parsed = MerchantKey.#parsed.get(this);
    if (parsed !== undefined) return parsed;
    if (MerchantKey.#signedOnce.delete(this)) return MerchantKey.#parsed.set(this, this.#parse());
    MerchantKey.#signedOnce.set(this, true);
    return this.#parse();
  }

  /** Whether the process keeps this key parsed now. */
  get isParsed(): boolean {
    return MerchantKey.#parsed.has(this);
  }

  /** How many private keys the process keeps parsed now. */
  static get parsedCount(): number {
    return MerchantKey.#parsed.size;
  }

  /**
   * How many private keys the process may keep parsed (default 1,024: about 10 MB of OpenSSL memory once used),
   * and how many keys that signed once it remembers, to keep the next one that signs again.
   */
  static get capacity(): number {
    return MerchantKey.#parsed.capacity;
  }

  /** A positive integer; lowering it drops the least recently used keys at once. */
  static set capacity(count: number) {
    MerchantKey.#parsed.capacity = count;
    MerchantKey.#signedOnce.capacity = count;
  }

  #parse(): KeyObject {
    return createPrivateKey({ key: unpack(this.#slab, this.#at), format: 'jwk' });
  }
}

// Prints as [REDACTED]: from the prototype, so a key costs no closure of its own.
Object.setPrototypeOf(MerchantKey.prototype, concealingPrototype(() => REDACTED));

/**
 * A key OpenSSL loaded, as numbers; refused if they do not make one key, as a damaged PEM is. The JWK comes
 * from a copy made here, never from the caller's KeyObject: Node 20 exports an RSA JWK holding the key's lock
 * while it allocates, and a collection there that frees the job which generated the key (`generateKeyPairSync`)
 * takes that same lock, so the thread waits on itself forever. A DER export takes no lock; nothing else holds
 * the copy's.
 */
function numbersOf(key: KeyObject, field: string): RsaPrivateNumbers {
  const copy = createPrivateKey({ key: key.export({ type: 'pkcs8', format: 'der' }), format: 'der', type: 'pkcs8' });
  const jwk = copy.export({ format: 'jwk' });
  if (MEMBERS.some((name) => typeof jwk[name] !== 'string')) {
    throw new InvalidArgumentException(`${field} lacks some of its RSA numbers (the CRT parameters p, q, dp, dq, qi): export it again as PKCS#8.`);
  }
  const numbers = Object.fromEntries(MEMBERS.map((name) => [name, Buffer.from(jwk[name] as string, 'base64url')])) as unknown as RsaPrivateNumbers;
  if (!rsaNumbersAgree(numbers)) throw damagedKey(field);
  return numbers;
}

/**
 * Packed keys are written one after another into slabs of this size (about 25 keys of 2,048 bits): a buffer
 * of its own per key would cost a buffer object, an ArrayBuffer and a malloc'd block each. A slab is freed
 * with the last key in it. Not Node's shared pool, whose slices would keep 8 KB of unrelated bytes per key.
 */
const SLAB_BYTES = 16 * 1024;
let slab = Buffer.alloc(0);
let slabUsed = 0;

function pack(numbers: RsaCoreNumbers): { slab: Buffer; at: number } {
  const parts = PACKED.map((name) => numbers[name]);
  const length = parts.reduce((sum, part) => sum + 2 + part.length, 0);
  if (slabUsed + length > slab.length) {
    slab = Buffer.alloc(Math.max(SLAB_BYTES, length));
    slabUsed = 0;
  }
  const start = slabUsed;
  let at = start;
  for (const part of parts) {
    at = slab.writeUInt16BE(part.length, at);
    at += part.copy(slab, at);
  }
  slabUsed = at;
  return { slab, at: start };
}

function unpack(packed: Buffer, start: number): JsonWebKey {
  const core: Partial<Record<(typeof PACKED)[number], Buffer>> = {};
  let at = start;
  for (const name of PACKED) {
    const length = packed.readUInt16BE(at);
    core[name] = packed.subarray(at + 2, at + 2 + length);
    at += 2 + length;
  }
  const numbers = completeRsaNumbers(core as RsaCoreNumbers);
  const jwk: JsonWebKey = { kty: 'RSA' };
  for (const name of MEMBERS) jwk[name] = numbers[name].toString('base64url');
  return jwk;
}
