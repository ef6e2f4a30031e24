import type { SinkableResponse } from './exchange-types';

/** A WireResponse whose body is a Buffer (empty when it went into a sink): what both transports hand back. */
export type BufferedResponse = SinkableResponse & { body: Buffer };

/** A Buffer over the same memory (bytes that crossed a thread arrive as a plain Uint8Array). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
