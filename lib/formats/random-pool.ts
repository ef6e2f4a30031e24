/**
 * Random characters for per-request nonces, drawn from a 4 KiB pool refilled by the CSPRNG. A call to
 * `randomBytes()` costs the same 10–20 µs for 16 bytes as for 4 KiB on a busy machine (the cost is the
 * call into OpenSSL, not the bytes), and every signed request needs one nonce. Node caches entropy the
 * same way for `randomUUID()`. A refill turns the bytes into characters of the alphabet at once, one
 * string, and a nonce is a slice of it (no copy, no loop per request). Each byte is used once; nonces are
 * public, so nothing secret waits in the pool.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);

/** Characters of one alphabet, from fresh random bytes, each handed out once. */
export class RandomCharacters {
  readonly #codes: Buffer;
  /** Bytes at or above this (a multiple of the alphabet's size) are dropped, so every character is equally likely. */
  readonly #limit: number;
  #characters = '';
  #taken = 0;

  constructor(alphabet: string) {
    if (alphabet.length < 1 || alphabet.length > 256 || !/^[\x20-\x7e]+$/.test(alphabet)) throw new RangeError('The alphabet must be 1 to 256 printable ASCII characters.');
    this.#codes = Buffer.from(alphabet, 'latin1');
    this.#limit = 256 - (256 % alphabet.length);
  }

  /** `size` characters (a whole number above 0). */
  take(size: number): string {
    let text = '';
    while (size > 0) {
      if (this.#taken === this.#characters.length) this.#refill();
      const count = Math.min(size, this.#characters.length - this.#taken);
      text += this.#characters.slice(this.#taken, this.#taken + count);
      this.#taken += count;
      size -= count;
    }
    return text;
  }

  #refill(): void {
    randomFillSync(pool);
    const codes = this.#codes;
    const out = Buffer.allocUnsafe(POOL_BYTES);
    let length = 0;
    for (let i = 0; i < POOL_BYTES; i++) {
      const byte = pool[i]!;
      if (byte < this.#limit) out[length++] = codes[byte % codes.length]!;
    }
    this.#characters = out.toString('latin1', 0, length);
    this.#taken = 0;
  }
}
