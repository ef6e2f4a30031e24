/**
 * Strict base64 (standard alphabet, `=` padding) for values that arrive from the wire: signatures
 * and ciphertexts. `Buffer.from(text, 'base64')` silently skips bad characters, which would turn a
 * mangled header into a different byte string instead of a clear failure.
 */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The decoded bytes, or `undefined` when `text` is not canonical base64 (empty text decodes to no bytes). */
export function decodeBase64Strict(text: string): Buffer | undefined {
  return STRICT_BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}
