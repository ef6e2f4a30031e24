/** Inputs of the AES helpers: text is taken as UTF-8 (the APIv3 key is 32 ASCII characters), or bytes. */
import { InvalidArgumentException } from '../errors';

export type AesInput = string | Uint8Array;

/** The bytes of `value`; `what` names it in the error (`AES-GCM key`, `AES-ECB plaintext`, …). */
export function aesBytes(value: AesInput, what: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new InvalidArgumentException(`The ${what} must be a string or bytes, got ${value === null ? 'null' : typeof value}.`);
}
