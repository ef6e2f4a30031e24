/**
 * The `query` option: PHP's `http_build_query($query, '', '&', PHP_QUERY_RFC3986)`, and the merge
 * of a query written in the path with the option (PHP drops the written one; we keep it).
 */
import { InvalidArgumentException } from '../errors';
import { encodeUnreserved } from '../template/encode';
import { describeValue, isPlainObject, scalarText } from '../template/values';

function queryText(value: unknown, path: string): string {
  const text = scalarText(value, '0');
  if (text === undefined) throw new InvalidArgumentException(`\`query.${path}\` is ${describeValue(value)}, which has no query string form`);
  return text;
}

/** Appends the `key=value` pairs of one entry; nested lists and objects use PHP's `a[b][0]` keys. */
function appendPairs(pairs: string[], encodedKey: string, value: unknown, path: string): void {
  if (typeof value === 'string') {
    pairs.push(`${encodedKey}=${encodeUnreserved(value)}`); // the usual value, and what queryText gives it
    return;
  }
  if (value === undefined || value === null) return;
  if (Array.isArray(value) || isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      appendPairs(pairs, `${encodedKey}%5B${encodeUnreserved(key)}%5D`, item, `${path}[${key}]`);
    }
    return;
  }
  pairs.push(`${encodedKey}=${encodeUnreserved(queryText(value, path))}`);
}

/**
 * The query string (without `?`) for the `query` option: an object is encoded as PHP's
 * `http_build_query` with RFC 3986 encoding (`null` dropped, `true`/`false` → `1`/`0`, space `%20`),
 * a string is used as written (one leading `?` removed). `null`/`undefined` means no query.
 *
 * @example buildQuery({ appid: 'wxd678efh567h23787', tags: ['a b'] }) // 'appid=wxd678efh567h23787&tags%5B0%5D=a%20b'
 */
export function buildQuery(query: Record<string, unknown> | string | null | undefined): string {
  if (query === undefined || query === null) return '';
  if (typeof query === 'string') return query.startsWith('?') ? query.slice(1) : query;
  if (!Array.isArray(query) && !isPlainObject(query)) {
    throw new InvalidArgumentException(`\`query\` must be a string or an object of query parameters, not ${describeValue(query)}`);
  }
  const pairs: string[] = [];
  for (const key of Object.keys(query)) appendPairs(pairs, encodeUnreserved(key), query[key], key);
  return joinedByAmpersand(pairs);
}

/**
 * `pairs.join('&')`, concatenated: the request URL is parsed from this text right after, and a concatenation
 * is flattened once there, where `join` would first copy every pair into a new string (about 0.1 µs a request).
 */
function joinedByAmpersand(pairs: readonly string[]): string {
  let text = pairs.length === 0 ? '' : pairs[0]!;
  for (let i = 1; i < pairs.length; i++) text += `&${pairs[i]}`;
  return text;
}

function decodedKey(pair: string): string {
  const eq = pair.indexOf('=');
  const key = eq < 0 ? pair : pair.slice(0, eq);
  try {
    return decodeURIComponent(key);
  } catch {
    return key; // a stray `%` compares as written
  }
}

/** The non-empty `k=v` pieces of a query (`a=1&&b=2` has two). */
function pieces(query: string): string[] {
  return query.split('&').filter((pair) => pair !== '');
}

/**
 * Merges the query written in the path with the `query` option's string: the option wins per
 * key (all of a key's pairs are replaced together, where the key first appeared), the written
 * order is kept, new keys follow. Pairs keep their encoded text; keys are compared decoded
 * (`a%5B%5D` is `a[]`).
 *
 * @example mergeQuery('from=chain&limit=5', 'from=option&n=1') // 'from=option&limit=5&n=1'
 */
export function mergeQuery(written: string, option: string): string {
  if (option === '') return written;
  if (written === '') return option;
  const overrides = new Map<string, string[]>();
  for (const pair of pieces(option)) {
    const key = decodedKey(pair);
    const group = overrides.get(key);
    if (group) group.push(pair);
    else overrides.set(key, [pair]);
  }
  const merged: string[] = [];
  const replaced = new Set<string>();
  for (const pair of pieces(written)) {
    const key = decodedKey(pair);
    const override = overrides.get(key);
    if (override === undefined) merged.push(pair);
    else if (!replaced.has(key)) {
      merged.push(...override);
      replaced.add(key);
    }
  }
  for (const [key, pairs] of overrides) if (!replaced.has(key)) merged.push(...pairs);
  return merged.join('&');
}
