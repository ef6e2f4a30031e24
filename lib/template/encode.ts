/**
 * Percent-encoding for RFC 6570 expansion and for query strings (RFC 3986, UTF-8, upper-case hex).
 */
import { InvalidArgumentException } from '../errors';

const ONLY_UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
// encodeURIComponent keeps these sub-delims, RFC 3986's unreserved set does not.
const SUB_DELIMS_KEPT_BY_JS = /[!'()*]/g;

// Unreserved + reserved characters, and `%XX` triplets: what `{+x}`, `{#x}` and template literals keep.
const ONLY_URI_TEXT = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const NOT_URI_TEXT = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

function utf8(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch (cause) {
    // URIError: a lone UTF-16 surrogate has no UTF-8 form.
    throw new InvalidArgumentException('A URI value contains a lone UTF-16 surrogate, which has no UTF-8 encoding', { cause });
  }
}

function hexOf(char: string): string {
  return '%' + char.charCodeAt(0).toString(16).toUpperCase();
}

/** PHP's `rawurlencode`: everything but `A-Za-z0-9-._~` becomes `%XX`. */
export function encodeUnreserved(text: string): string {
  if (ONLY_UNRESERVED.test(text)) return text;
  return utf8(text).replace(SUB_DELIMS_KEPT_BY_JS, hexOf);
}

/** RFC 6570 `U+R`: unreserved and reserved characters and existing `%XX` triplets pass through. */
export function encodeReserved(text: string): string {
  if (ONLY_URI_TEXT.test(text)) return text;
  // A matched run never holds a character encodeURIComponent keeps, so it encodes the whole run.
  return text.replace(NOT_URI_TEXT, utf8);
}
