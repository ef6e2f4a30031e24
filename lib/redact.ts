/**
 * Scrubs secrets out of any text that may reach a log, an error message or `debug` output:
 * the signature of an `Authorization` header, PEM private keys, and values registered as secret
 * (APIv3 key, APIv2 secret) by the client that owns them.
 */
const PEM_PRIVATE = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
const SIGNATURE_FIELD = /(signature=")([^"]{0,8})[^"]*(")/gi;
/** An APIv2 `<sign>` value: 32 (MD5) or 64 (HMAC-SHA256) hex digits; other text after `<sign>` is left alone. */
const SIGN_XML = /(<sign>(?:<!\[CDATA\[)?)([0-9A-Fa-f]{4})[0-9A-Fa-f]{12,}/g;

/** An APIv2 `sign` in a query string (signed GET requests), now that messages show the full request URI. */
const SIGN_QUERY = /([?&]sign=)([0-9A-Fa-f]{4})[0-9A-Fa-f]{12,}/g;

const secrets = new Set<string>();

/** Registers a secret (APIv3 key, APIv2 secret) so it is masked wherever it would be printed. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

/** The text with secrets masked; keeps the first characters of a signature so logs stay comparable. */
export function redact(text: string): string {
  let out = text
    .replace(PEM_PRIVATE, '-----BEGIN $1-----[REDACTED]-----END $1-----')
    .replace(SIGNATURE_FIELD, '$1$2…[REDACTED]$3')
    .replace(SIGN_XML, '$1$2…[REDACTED]')
    .replace(SIGN_QUERY, '$1$2…[REDACTED]');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
