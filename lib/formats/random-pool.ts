/**
 * Random bytes for per-request nonces, drawn from a 4 KiB pool refilled by the CSPRNG. A call to
 * `randomBytes()` costs the same 10–20 µs for 16 bytes as for 4 KiB on a busy machine (the cost is the
 * call into OpenSSL, not the bytes), and every signed request needs one nonce. Node caches entropy the
 * same way for `randomUUID()`. Each byte is handed out once; nonces are public, so nothing secret waits in the pool.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

/** One fresh random byte (a plain call, no callback: every signed request draws 32 or more). */
export function randomByte(): number {
  if (next === POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}
