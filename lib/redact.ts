/**
 * Scrubs secrets out of any text that may reach a log, an error message or `debug` output:
 * the signature of an `Authorization` header, PEM private keys, and values registered as secret
 * (APIv3 key, APIv2 secret) by the client that owns them.
 */
const PEM_PRIVATE = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
/** `signature="…"`, also JSON-escaped (`signature=\"…\"`) as a server echoing a header into a JSON body writes it. */
const SIGNATURE_FIELD = /(signature=\\?")([^"\\]{0,8})[^"]*?(\\?")/gi;
/** An APIv2 `<sign>` value: 32 (MD5) or 64 (HMAC-SHA256) hex digits; other text after `<sign>` is left alone. */
const SIGN_XML = /(<sign>(?:<!\[CDATA\[)?)([0-9A-Fa-f]{4})[0-9A-Fa-f]{12,}/g;
/** An APIv2 `sign` in a query string (a signed GET) or form text. */
const SIGN_QUERY = /([?&]sign=)([0-9A-Fa-f]{4})[0-9A-Fa-f]{12,}/g;
/** Object keys whose values are signatures: only a short prefix is kept when a parsed body is redacted. */
const SIGNATURE_KEYS = new Set(['sign', 'signature', 'paysign']);
/** Parsed bodies nest a few levels; anything deeper than this is dropped, not walked. */
const MAX_DEPTH = 32;
/** Enough of a signature to find an echo of it, even a truncated one. */
const ECHO_PROBE_CHARS = 16;

const secrets = new Set<string>();

/**
 * Makes `holder` print as `shown()` under both `JSON.stringify` and `util.inspect` (any depth, hidden
 * properties included), for objects that keep secrets in plain fields. Non-enumerable, so spreading
 * or reading the holder is unchanged.
 */
export function conceal<T extends object>(holder: T, shown: () => unknown): T {
  for (const key of ['toJSON', Symbol.for('nodejs.util.inspect.custom')]) {
    Object.defineProperty(holder, key, { value: shown, enumerable: false, writable: false, configurable: false });
  }
  return holder;
}

/**
 * `conceal` for every object given this prototype: each prints as `shown(itself)`. For objects made by the
 * thousand (one per merchant client), which then carry no closure and no extra properties of their own.
 */
export function concealingPrototype<T extends object>(shown: (holder: T) => unknown): object {
  const prototype = {};
  conceal(prototype, function (this: T) {
    return shown(this);
  });
  return prototype;
}

/** What a concealed secret prints as. */
export const REDACTED = '[REDACTED]';

/**
 * A secret value (key material, a PKCS#12 file) held in a private field: nothing that walks, spreads or
 * prints the holder reaches it; only `reveal()`, called by the code that needs it, does.
 */
export class Sealed<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
    conceal(this, () => REDACTED);
  }

  reveal(): T {
    return this.#value;
  }
}

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

/**
 * The signature sent for a request, by the request object the signing entry received: the entries outside
 * it (`http_errors`, the verifier) raise errors holding that object, never the signed copy. A Request keeps
 * it in a private slot (SentSignature: invisible to `util.inspect`, spreading and JSON); any other object in
 * a WeakMap. A WeakMap entry per request cost about 1 µs of CPU and of garbage collector work.
 */
export function rememberSignature(request: object, signature: string): void {
  remember(request, signature);
}

const otherSentSignatures = new WeakMap<object, string>();
let remember: (holder: object, signature: string) => void;
let recall: (holder: object) => string | undefined;

/** The slot: Request extends this class for it alone (it adds no method, static or not). */
export class SentSignature {
  #signature: string | undefined = undefined;

  static {
    remember = (holder, signature) => {
      if (#signature in holder) holder.#signature = signature;
      else otherSentSignatures.set(holder, signature);
    };
    recall = (holder) => (#signature in holder ? holder.#signature : otherSentSignatures.get(holder));
  }
}

/** The signature sent for `request`: remembered by the signing entry, or read from its own `Authorization`. */
export function signatureSentFor(request: { headers?: { first(name: string): string | undefined } } | undefined): string | undefined {
  if (!request) return undefined;
  const remembered = recall(request);
  if (remembered) return remembered;
  return /signature="([^"]+)"/i.exec(request.headers?.first('authorization') ?? '')?.[1];
}

/**
 * `redact(text)`, and every echo of `signature` masked too: a server may echo the request's signature
 * bare, JSON-escaped (`\/`) or cut short, where no `signature="…"` pattern marks it.
 */
export function redactEcho(text: string, signature: string | undefined): string {
  let out = redact(text);
  if (!signature || signature.length < ECHO_PROBE_CHARS) return out;
  const probe = signature.slice(0, ECHO_PROBE_CHARS);
  for (let at = out.indexOf(probe); at !== -1; at = out.indexOf(probe, at + 1)) {
    let end = at;
    while (end < out.length && /[A-Za-z0-9+/=\\]/.test(out[end]!)) end++;
    out = `${out.slice(0, at + 8)}…[REDACTED]${out.slice(end)}`;
  }
  return out;
}

/**
 * A copy of a parsed body (an error reply's JSON or XML fields) safe to keep on an error and to print:
 * strings go through `redactEcho`, values under signature keys keep a short prefix, and nesting deeper
 * than any real reply is dropped rather than walked.
 */
export function redactBody<T>(value: T, signature: string | undefined, depth = 0): T {
  if (typeof value === 'string') return redactEcho(value, signature) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[REDACTED: nested too deep]' as T;
  if (Array.isArray(value)) return value.map((item) => redactBody(item, signature, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const masked = SIGNATURE_KEYS.has(key.toLowerCase()) && typeof item === 'string' ? `${item.slice(0, 4)}…[REDACTED]` : redactBody(item, signature, depth + 1);
    Object.defineProperty(copy, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}
