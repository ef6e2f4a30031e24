/**
 * Strict base64 (standard alphabet, `=` padding) for values that arrive from the wire: signatures
 * and ciphertexts. `Buffer.from(text, 'base64')` silently skips bad characters, which would turn a
 * mangled header into a different byte string instead of a clear failure.
 *
 * The length is checked apart and the characters by one character-class run: a grouped expression such
 * as `^(?:[A-Za-z0-9+/]{4})*…$` recurses per group in V8 and overflows the stack at a few megabytes, a
 * single class with a quantifier does not (and runs as compiled code, several times faster than a loop).
 */

/** Only the alphabet, then at most two `=`. */
const ALPHABET_THEN_PADDING = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `text` is canonical base64: whole quads, only the alphabet, and `=` only as the last one or two characters. */
export function isStrictBase64(text: string): boolean {
  return text.length % 4 === 0 && ALPHABET_THEN_PADDING.test(text);
}

/** The decoded bytes, or `undefined` when `text` is not canonical base64 (empty text decodes to no bytes). */
export function decodeBase64Strict(text: string): Buffer | undefined {
  return isStrictBase64(text) ? Buffer.from(text, 'base64') : undefined;
}
