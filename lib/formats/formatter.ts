/**
 * `WeChatPay\Formatter`: nonces, timestamps, the APIv3 signing strings and `Authorization` value, and
 * the sorted `key=value&…` strings of APIv2 and JSAPI signatures.
 */
import { RandomCharacters } from './random-pool';
import { InvalidArgumentException } from '../errors';

/** A value as PHP would cast it to string: `true` → `1`, `false`/`null` → `''`. */
export type Stringish = string | number | bigint | boolean | null | undefined;

/** Key/value pairs in a given order: a plain object (what `ksort` returns), a `Map`, or entry pairs. */
export type Pairs<V = unknown> = ReadonlyMap<string, V> | Iterable<readonly [string, V]> | Readonly<Record<string, V>>;

const AUTHORIZATION_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const BASE62 = new RandomCharacters('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');

export class Formatter {
  private constructor() {}

  /** `size` random characters of `[0-9A-Za-z]`. */
  static nonce(size = 32): string {
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentException('Size must be a positive integer.');
    return BASE62.take(size);
  }

  /** Unix time in whole seconds. */
  static timestamp(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** The `Authorization` header value; fields in PHP's order (the server accepts any order). */
  static authorization(mchid: string, nonce: string, signature: string, timestamp: Stringish, serial: string): string {
    return (
      `${AUTHORIZATION_SCHEME} mchid="${mchid}",serial_no="${serial}",timestamp="${phpString(timestamp)}",` +
      `nonce_str="${nonce}",signature="${signature}"`
    );
  }

  /** The APIv3 request signing string: method, request target, timestamp, nonce, body, each ended by `\n`. */
  static request(method: string, uri: string, timestamp: Stringish, nonce: string, body: Stringish = ''): string {
    // Written out, not through joinedByLineFeed's rest parameter: every signed request comes through here.
    return `${phpString(method)}\n${phpString(uri)}\n${phpString(timestamp)}\n${phpString(nonce)}\n${phpString(body)}\n`;
  }

  /** The APIv3 response (and notification) verification string: timestamp, nonce, body, each ended by `\n`. */
  static response(timestamp: Stringish, nonce: string, body: Stringish = ''): string {
    return Formatter.joinedByLineFeed(timestamp, nonce, body);
  }

  /** Every piece followed by `\n` (a piece ending in `\n` still gets its own); no pieces give `''`. */
  static joinedByLineFeed(...pieces: Stringish[]): string {
    // A plain loop: every request signed and every answer verified comes through here (map + join cost 4×).
    let joined = '';
    for (const piece of pieces) joined += `${phpString(piece)}\n`;
    return joined;
  }

  /**
   * A copy sorted by key, byte-wise as PHP's `ksort(SORT_STRING)`: `A` < `_` < `a`, a plain object as PHP's
   * array is, so `JSON.stringify` and `sorted[key]` work. One rule of JavaScript objects wins over the sort:
   * integer-like keys (`"9"`, `"10"`) always come first, in numeric order. No WeChat Pay field is named so;
   * `sortedEntries()` keeps byte order for every key.
   */
  static ksort<V>(pairs: Pairs<V>): Record<string, V> {
    return Object.fromEntries(Formatter.sortedEntries(pairs)) as Record<string, V>;
  }

  /** The pairs sorted byte-wise by key, as `[key, value]` entries: `ksort`'s order, integer-like keys included. */
  static sortedEntries<V>(pairs: Pairs<V>): Array<readonly [string, V]> {
    const keyed = [...entriesOf(pairs)].map((entry) => ({ bytes: Buffer.from(entry[0], 'utf8'), entry }));
    keyed.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    return keyed.map(({ entry }) => entry);
  }

  /**
   * `key=value` joined by `&`, in the given order, without URL-encoding: the string APIv2 signs
   * (`Formatter.queryStringLike(Formatter.ksort(params))`). Leaves out the key `sign` and `null`,
   * `undefined` and `''` values; `true` is `1` and `false` stays as an empty value (`f=`), as in PHP.
   */
  static queryStringLike(pairs: Pairs): string {
    const parts: string[] = [];
    for (const [key, value] of entriesOf(pairs)) {
      if (key === 'sign' || value === null || value === undefined || value === '') continue;
      if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
        // PHP prints `Array` with a warning; a signature over that is useless, so say so instead.
        throw new InvalidArgumentException(`queryStringLike: the value of '${key}' is not a scalar.`);
      }
      parts.push(`${key}=${phpString(value as Stringish)}`);
    }
    return parts.join('&');
  }
}

function phpString(value: Stringish): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

function entriesOf<V>(pairs: Pairs<V>): Iterable<readonly [string, V]> {
  if (pairs instanceof Map) return pairs.entries();
  if (typeof pairs === 'object' && pairs !== null && Symbol.iterator in pairs) return pairs as Iterable<readonly [string, V]>;
  if (typeof pairs === 'object' && pairs !== null) return Object.entries(pairs as Record<string, V>);
  throw new InvalidArgumentException('Expected an object, a Map or [key, value] pairs.');
}
