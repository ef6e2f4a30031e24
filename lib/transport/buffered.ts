/** Bytes that crossed a thread arrive as a plain Uint8Array; the Response keeps a Buffer over the same memory. */

/** A Buffer over the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
