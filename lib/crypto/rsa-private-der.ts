/**
 * Reads an unencrypted RSA private key (PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`, DER) into its
 * numbers without OpenSSL. Parsing a PKCS#8 key costs OpenSSL about 1 ms and leaves native memory behind until
 * a collection; a process building thousands of merchant clients pays that per client for a key it may never
 * use. The reader is strict DER (definite minimal lengths, minimal non-negative INTEGERs, nothing trailing) and
 * takes only keys of 2,048 bits or more: anything else is not its to judge, and `readRsaPrivateDer` returns
 * undefined so the caller hands the input to OpenSSL, which reads it (or names its problem) as it always did.
 */

/** The RSA private key's numbers: unsigned big-endian bytes, no leading zero (as a JWK carries them). */
export interface RsaPrivateNumbers {
  readonly n: Buffer;
  readonly e: Buffer;
  readonly d: Buffer;
  readonly p: Buffer;
  readonly q: Buffer;
  readonly dp: Buffer;
  readonly dq: Buffer;
  readonly qi: Buffer;
}

export type RsaPrivateFormat = 'pkcs8' | 'pkcs1';

/** The smallest modulus read here: WeChat Pay signs with RSA-2048. */
const MIN_MODULUS_BITS = 2048;

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const NULL = 0x05;
const OBJECT_IDENTIFIER = 0x06;
/** `[0] IMPLICIT Attributes` of a PrivateKeyInfo. */
const ATTRIBUTES = 0xa0;
/** 1.2.840.113549.1.1.1, rsaEncryption. */
const RSA_ENCRYPTION = Buffer.from('2a864886f70d010101', 'hex');

/** Thrown inside the reader only: the bytes are not a key this reader takes. */
class NotRead extends Error {}

/** The key's numbers, or undefined when `der` is not a plain RSA private key of at least 2,048 bits in strict DER. */
export function readRsaPrivateDer(der: Uint8Array, format: RsaPrivateFormat): RsaPrivateNumbers | undefined {
  try {
    const bytes = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    const numbers = format === 'pkcs8' ? privateKeyInfo(bytes) : rsaPrivateKey(bytes);
    return modulusBits(numbers.n) >= MIN_MODULUS_BITS ? numbers : undefined;
  } catch (error) {
    if (error instanceof NotRead) return undefined;
    throw error;
  }
}

/**
 * Whether the numbers make one key: n = p·q, and d, dp, dq, qi agree with e, p and q. OpenSSL does not check
 * this when it loads a key; a damaged one would sign, and every signature would be refused by WeChat Pay.
 */
export function rsaNumbersAgree(numbers: RsaPrivateNumbers): boolean {
  const [n, e, d, p, q, dp, dq, qi] = [numbers.n, numbers.e, numbers.d, numbers.p, numbers.q, numbers.dp, numbers.dq, numbers.qi].map(big);
  if (n === undefined || e === undefined || d === undefined || p === undefined || q === undefined || dp === undefined || dq === undefined || qi === undefined) return false;
  const p1 = p - 1n;
  const q1 = q - 1n;
  return (
    p > 1n && q > 1n && e > 1n &&
    n === p * q &&
    dp === d % p1 && dq === d % q1 &&
    (e * dp) % p1 === 1n && (e * dq) % q1 === 1n &&
    (qi * q) % p === 1n
  );
}

/** The numbers a key cannot be rebuilt without; `completeRsaNumbers` derives n, dp and dq from them. */
export type RsaCoreNumbers = Pick<RsaPrivateNumbers, 'e' | 'd' | 'p' | 'q' | 'qi'>;

/**
 * The whole key from its core: n = p·q, dp = d mod (p−1), dq = d mod (q−1), exact for numbers that agree
 * (`rsaNumbersAgree`). A few BigInt operations (tens of µs), where qi or d would take a modular inverse
 * (hundreds); so qi and d are kept, and a stored key is 5/9 of its full size.
 */
export function completeRsaNumbers(core: RsaCoreNumbers): RsaPrivateNumbers {
  const [d, p, q] = [core.d, core.p, core.q].map(big) as [bigint, bigint, bigint];
  return { ...core, n: unsignedBytes(p * q), dp: unsignedBytes(d % (p - 1n)), dq: unsignedBytes(d % (q - 1n)) };
}

/** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier { rsaEncryption, NULL }, OCTET STRING, [0] attributes OPTIONAL } */
function privateKeyInfo(bytes: Buffer): RsaPrivateNumbers {
  const info = new DerReader(whole(bytes, SEQUENCE));
  expectZero(info.take(INTEGER));
  const algorithm = new DerReader(info.take(SEQUENCE));
  if (!algorithm.take(OBJECT_IDENTIFIER).equals(RSA_ENCRYPTION) || algorithm.take(NULL).length !== 0) throw new NotRead();
  algorithm.end();
  const key = info.take(OCTET_STRING);
  if (!info.done()) info.take(ATTRIBUTES);
  info.end();
  return rsaPrivateKey(key);
}

/** RSAPrivateKey ::= SEQUENCE { version 0 (two primes), n, e, d, p, q, dp, dq, qi } */
function rsaPrivateKey(bytes: Buffer): RsaPrivateNumbers {
  const key = new DerReader(whole(bytes, SEQUENCE));
  expectZero(key.take(INTEGER));
  const int = () => unsigned(key.take(INTEGER));
  const numbers = { n: int(), e: int(), d: int(), p: int(), q: int(), dp: int(), dq: int(), qi: int() };
  key.end();
  return numbers;
}

/** The content of the one element `bytes` holds, which must fill it. */
function whole(bytes: Buffer, tag: number): Buffer {
  const outer = new DerReader(bytes);
  const content = outer.take(tag);
  outer.end();
  return content;
}

/** Walks the elements of one DER content, in order. */
class DerReader {
  #at = 0;

  constructor(readonly bytes: Buffer) {}

  /** The next element's content; it must carry `tag`. */
  take(tag: number): Buffer {
    const bytes = this.bytes;
    if (this.#at + 2 > bytes.length || bytes[this.#at] !== tag) throw new NotRead();
    let length = bytes[this.#at + 1]!;
    let start = this.#at + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      // Definite and minimal: 1 to 3 length bytes (a key is far below 16 MB), no leading zero, long form only past 127.
      if (count === 0 || count > 3 || start + count > bytes.length || bytes[start] === 0) throw new NotRead();
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
      if (length < 0x80) throw new NotRead();
      start += count;
    }
    const end = start + length;
    if (end > bytes.length) throw new NotRead();
    this.#at = end;
    return bytes.subarray(start, end);
  }

  done(): boolean {
    return this.#at === this.bytes.length;
  }

  /** Nothing may follow the last element. */
  end(): void {
    if (!this.done()) throw new NotRead();
  }
}

/** A DER INTEGER's content as unsigned bytes; negative or non-minimal encodings are refused. */
function unsigned(content: Buffer): Buffer {
  if (content.length === 0 || content[0]! & 0x80) throw new NotRead();
  if (content[0] === 0) {
    if (content.length === 1) return content.subarray(1);
    if (!(content[1]! & 0x80)) throw new NotRead();
    return content.subarray(1);
  }
  return content;
}

function expectZero(content: Buffer): void {
  if (content.length !== 1 || content[0] !== 0) throw new NotRead();
}

function modulusBits(n: Buffer): number {
  return n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
}

function big(bytes: Buffer): bigint | undefined {
  return bytes.length === 0 ? undefined : BigInt(`0x${bytes.toString('hex')}`);
}

/** Unsigned big-endian, no leading zero (a positive value). */
function unsignedBytes(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}
