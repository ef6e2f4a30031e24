/**
 * Strict base64 (standard alphabet, `=` padding) for values that arrive from the wire: signatures
 * and ciphertexts. `Buffer.from(text, 'base64')` silently skips bad characters, which would turn a
 * mangled header into a different byte string instead of a clear failure.
 *
 * The check is one loop over the characters: a backtracking regular expression such as
 * `^(?:[A-Za-z0-9+/]{4})*…$` recurses per group in V8 and overflows the stack at a few megabytes.
 */

/** `A–Z a–z 0–9 + /`, as char codes. */
function isAlphabet(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47
  );
}

/** True when `text` is canonical base64: whole quads, only the alphabet, and `=` only as the last one or two characters. */
export function isStrictBase64(text: string): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  const padding = length === 0 ? 0 : text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const end = length - padding;
  for (let index = 0; index < end; index++) {
    if (!isAlphabet(text.charCodeAt(index))) return false;
  }
  return true;
}

/** The decoded bytes, or `undefined` when `text` is not canonical base64 (empty text decodes to no bytes). */
export function decodeBase64Strict(text: string): Buffer | undefined {
  return isStrictBase64(text) ? Buffer.from(text, 'base64') : undefined;
}
