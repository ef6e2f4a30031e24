/**
 * PHP's `Builder::normalize`, turning chain keys into URI template text, with two deliberate
 * differences (README.md "Where we differ from PHP on purpose"):
 *
 * - only text outside `{…}` is normalised, so `{+myUrl}` stays and `_outTradeNo_` is
 *   `{outTradeNo}` (PHP: `{out-trade-no}`, which no option can fill);
 * - a query written after `?` is kept exactly as written (PHP: `RSA` → `-r-s-a`).
 *
 * The rules also apply per `/` segment of a whole path: PHP lowers only the first character of
 * the whole string (`V3/Pay` → `v3/-pay`); lowering each segment's first capital (`v3/pay`) is
 * what a caller writing `Pay` means.
 */

// `_name_` and the axios-style `$name$`; the name is not empty, so `__` and `$$` stay literal.
const VARIABLE_SEGMENT = /^(?:_(.+)_|\$(.+)\$)$/;
const HAS_CAPITAL = /[A-Z]/;

/** Index of the first `char` outside `{…}` expressions, or -1. */
function indexOutsideBraces(text: string, char: string, from = 0): number {
  let inside = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{') inside = true;
    else if (c === '}') inside = false;
    else if (c === char && !inside) return i;
  }
  return -1;
}

/** Dashes the capitals of one path segment, leaving `{…}` expressions untouched. */
function dashCapitals(segment: string): string {
  if (!HAS_CAPITAL.test(segment)) return segment;
  let out = '';
  let inside = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    const code = segment.charCodeAt(i);
    if (c === '{') inside = true;
    else if (c === '}') inside = false;
    if (inside || code < 65 || code > 90) {
      out += c;
    } else {
      const lower = String.fromCharCode(code + 32);
      // A leading capital is lowered without a dash: `PascalCase` → `pascal-case`.
      out += i === 0 ? lower : `-${lower}`;
    }
  }
  return out;
}

function normalizePathSegment(segment: string): string {
  const variable = VARIABLE_SEGMENT.exec(segment);
  if (variable) return `{${variable[1] ?? variable[2]}}`;
  return dashCapitals(segment);
}

/**
 * Normalises one chain key: `individualContracts` → `individual-contracts`, `_openid_` and
 * `$openid$` → `{openid}`, `{+myUrl}` unchanged, a `?query` kept as written.
 */
export function normalizeSegment(key: string): string {
  const mark = indexOutsideBraces(key, '?');
  if (mark < 0) return normalizePathSegment(key);
  return normalizePathSegment(key.slice(0, mark)) + key.slice(mark);
}

export interface SplitPath {
  /**
   * Normalised segments. A leading `''` stands for a leading `/` (the path resolves against the host root
   * of the base URI), a trailing `''` for a trailing `/` (kept: `v3/applyment4sub/applyment/` is an
   * operation of its own). An absolute URL is one segment, kept exactly as written.
   */
  segments: string[];
  /** The query as written after the first `?` (outside `{…}`), without the `?`; '' when none. */
  query: string;
}

/** `https://…`, `http://…` or a network-path `//host/…`: requested as it is, never normalised. */
const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;

/**
 * Splits a `chain()` or bracket string into normalised segments and its written query, as Guzzle
 * resolves references (RFC 3986): a leading and a trailing `/` are kept, doubled `/` inside are dropped,
 * and a `/` inside `{…}` does not split.
 *
 * @example splitPath('v3/merchantService/complaintsV2?limit=10') // { segments: ['v3', 'merchant-service', 'complaints-v2'], query: 'limit=10' }
 * @example splitPath('/v3/certificates')                           // { segments: ['', 'v3', 'certificates'], query: '' }
 * @example splitPath('v3/applyment4sub/applyment/')                // { segments: ['v3', 'applyment4sub', 'applyment', ''], query: '' }
 */
export function splitPath(path: string): SplitPath {
  const mark = indexOutsideBraces(path, '?');
  const pathname = mark < 0 ? path : path.slice(0, mark);
  const query = mark < 0 ? '' : path.slice(mark + 1);
  if (ABSOLUTE_URL.test(pathname)) return { segments: [pathname], query };
  const segments: string[] = [];
  let start = 0;
  for (;;) {
    const slash = indexOutsideBraces(pathname, '/', start);
    const end = slash < 0 ? pathname.length : slash;
    if (end > start) segments.push(normalizePathSegment(pathname.slice(start, end)));
    if (slash < 0) break;
    start = slash + 1;
  }
  if (segments.length === 0) return { segments, query };
  if (pathname.startsWith('/')) segments.unshift('');
  if (pathname.endsWith('/')) segments.push('');
  return { segments, query };
}

/**
 * A child path under a parent: the parent's trailing `/` gives way to the child's segments, and a leading
 * `/` counts only at the root (under a parent it is a separator, as it always was).
 */
export function joinSegments(parent: readonly string[], child: readonly string[]): string[] {
  const head = parent.at(-1) === '' ? parent.slice(0, -1) : parent;
  const tail = head.length > 0 && child[0] === '' ? child.slice(1) : child;
  return [...head, ...tail];
}
