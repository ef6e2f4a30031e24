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
  /** Normalised, non-empty segments. */
  segments: string[];
  /** The query as written after the first `?` (outside `{…}`), without the `?`; '' when none. */
  query: string;
}

/**
 * Splits a `chain()` or bracket string into normalised segments and its written query.
 * Empty segments (leading, trailing or doubled `/`) are dropped; a `/` inside `{…}` does not split.
 *
 * @example splitPath('v3/merchantService/complaintsV2?limit=10') // { segments: ['v3', 'merchant-service', 'complaints-v2'], query: 'limit=10' }
 */
export function splitPath(path: string): SplitPath {
  const mark = indexOutsideBraces(path, '?');
  const pathname = mark < 0 ? path : path.slice(0, mark);
  const segments: string[] = [];
  let start = 0;
  for (;;) {
    const slash = indexOutsideBraces(pathname, '/', start);
    const end = slash < 0 ? pathname.length : slash;
    if (end > start) segments.push(normalizePathSegment(pathname.slice(start, end)));
    if (slash < 0) break;
    start = slash + 1;
  }
  return { segments, query: mark < 0 ? '' : path.slice(mark + 1) };
}
