/**
 * The usual ways a client's signing string differs from the bytes it sent: each variant rebuilds the
 * string a client would have signed after one common mistake, so the doctor can find which one the
 * signature actually covers (a re-serialised or re-ordered JSON body, a trailing newline, a reordered
 * or re-encoded query, a full URL instead of the request target, a lower-case method, CRLF lines…).
 */

/** One hypothesis: the pieces the client signed, and what to tell it if they match. */
export interface SignedVariant {
  readonly method: string;
  readonly target: string;
  readonly body: Buffer;
  /** Joins the pieces; the protocol ends each one with `\n`. */
  readonly separator?: string;
  /** `false` when the client forgot the newline after the body. */
  readonly finalNewline?: boolean;
  /** `true` when the client put the nonce line before the timestamp line. */
  readonly swapTimestampAndNonce?: boolean;
  readonly explanation: string;
}

/** At most this many orders of query parameters or JSON keys are tried. */
const MAX_PERMUTATIONS = 720;

export function signedVariants(method: string, target: string, body: Buffer): SignedVariant[] {
  return [...targetVariants(method, target, body), ...bodyVariants(method, target, body), ...shapeVariants(method, target, body)];
}

function* targetVariants(method: string, target: string, body: Buffer): Generator<SignedVariant> {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
  if (query !== '') {
    const pairs = query.split('&');
    for (const order of permutations(pairs)) {
      const reordered = order.join('&');
      if (reordered === query) continue;
      yield {
        method, target: `${path}?${reordered}`, body,
        explanation: `The query is in a different order from the one signed: you signed "?${reordered}" but sent "?${query}". Sign the request target exactly as it goes on the wire.`,
      };
    }
    yield { method, target: path, body, explanation: `The query was left out of what you signed: sign the whole request target, "${target}", not only the path.` };
  }
  for (const host of ['https://api.mch.weixin.qq.com', 'https://api2.mch.weixin.qq.com']) {
    yield { method, target: `${host}${target}`, body, explanation: `You signed the full URL "${host}${target}": the signing string carries only the request target, "${target}".` };
  }
  const decoded = safeDecode(target);
  if (decoded !== undefined && decoded !== target) {
    yield { method, target: decoded, body, explanation: `You signed the request target decoded ("${decoded}") but sent it percent-encoded ("${target}"): sign the encoded form that goes on the wire.` };
  }
  const encoded = encodeURI(target);
  if (encoded !== target) {
    yield { method, target: encoded, body, explanation: `You signed the request target percent-encoded ("${encoded}") but sent it raw ("${target}").` };
  }
  if (query.includes('%20') || query.includes('+')) {
    const swapped = `${path}?${query.includes('%20') ? query.replaceAll('%20', '+') : query.replaceAll('+', '%20')}`;
    yield { method, target: swapped, body, explanation: `Spaces are encoded differently: you signed "${swapped}" but sent "${target}".` };
  }
  if (method !== method.toLowerCase()) {
    yield { method: method.toLowerCase(), target, body, explanation: `You signed the method in lower case ("${method.toLowerCase()}"): it must be upper case, "${method}".` };
  }
}

function* bodyVariants(method: string, target: string, body: Buffer): Generator<SignedVariant> {
  const text = body.toString('utf8');
  if (body.length === 0) {
    return;
  }
  yield { method, target, body: Buffer.alloc(0), explanation: `You signed an empty body, but a body of ${body.length} bytes was sent: sign the very bytes you send.` };
  if (text.endsWith('\n')) {
    const trimmed = text.replace(/\r?\n+$/, '');
    yield { method, target, body: Buffer.from(trimmed), explanation: 'The body sent ends with a newline that was not in what you signed: sign and send the same bytes (no trailing newline added after signing).' };
  }
  yield { method, target, body: Buffer.from(`${text}\n`), explanation: 'What you signed had a trailing newline after the body that was not sent.' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  const differs = (candidate: string): boolean => candidate !== text;
  const forms: Array<[string, string]> = [
    [JSON.stringify(parsed), 'compact JSON'],
    [JSON.stringify(parsed, null, 2), 'JSON indented by 2 spaces'],
    [JSON.stringify(parsed, null, 4), 'JSON indented by 4 spaces'],
    [phpJson(parsed), 'PHP json_encode output (escaped slashes and \\u escapes)'],
    [JSON.stringify(sortKeys(parsed)), 'JSON with its keys sorted'],
  ];
  for (const [candidate, form] of forms) {
    if (!differs(candidate)) continue;
    yield {
      method, target, body: Buffer.from(candidate),
      explanation: `The body differs from what was signed: you signed the same data as ${form}, but the bytes sent are a different serialisation of it (re-serialised JSON). Serialise once, then sign and send that one string.`,
    };
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const entries = Object.entries(parsed as Record<string, unknown>);
    for (const order of permutations(entries)) {
      const candidate = JSON.stringify(Object.fromEntries(order));
      if (!differs(candidate)) continue;
      yield {
        method, target, body: Buffer.from(candidate),
        explanation: `The body differs from what was signed: the same fields in a different key order (you signed ${order.map(([key]) => key).join(', ')}; the body sent has ${entries.map(([key]) => key).join(', ')}). Sign the exact string you send.`,
      };
    }
  }
}

function* shapeVariants(method: string, target: string, body: Buffer): Generator<SignedVariant> {
  yield { method, target, body, finalNewline: false, explanation: 'The signing string you built lacks the final newline after the body: each of the five lines, the body included, ends with "\\n" (an empty body still leaves an empty last line).' };
  yield { method, target, body, swapTimestampAndNonce: true, explanation: 'The signing string has the nonce before the timestamp: the order is method, request target, timestamp, nonce, body.' };
  yield { method, target, body, separator: '\r\n', explanation: 'The signing string you built ends its lines with "\\r\\n": each line ends with "\\n" alone.' };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURI(text);
  } catch {
    return undefined;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

/** What PHP's `json_encode` writes by default: `\/` for slashes and `\uXXXX` for everything past ASCII. */
function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('/', '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Orders of `items`, the given one first, bounded so a long query cannot make the doctor slow. */
function* permutations<T>(items: readonly T[]): Generator<T[]> {
  let produced = 0;
  function* walk(prefix: T[], rest: readonly T[]): Generator<T[]> {
    if (produced >= MAX_PERMUTATIONS) return;
    if (rest.length === 0) {
      produced++;
      yield prefix;
      return;
    }
    for (let index = 0; index < rest.length; index++) {
      yield* walk([...prefix, rest[index]!], [...rest.slice(0, index), ...rest.slice(index + 1)]);
    }
  }
  yield* walk([], items);
}
