/**
 * `WeChatPay\Crypto\Hash`: the digests of APIv2 signatures, and `signFields`, the whole APIv2 rule
 * (sort, join, append the secret, digest) that the APIv2 client and the sandbox share.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { Formatter, type Pairs } from '../formats/formatter';

const ALGO_MD5 = 'MD5';
const ALGO_HMAC_SHA256 = 'HMAC-SHA256';

/** The APIv2 `sign_type` values. */
export type SignType = typeof ALGO_MD5 | typeof ALGO_HMAC_SHA256;

export class Hash {
  static readonly ALGO_MD5 = ALGO_MD5;
  static readonly ALGO_HMAC_SHA256 = ALGO_HMAC_SHA256;

  private constructor() {}

  /**
   * Lower-case hex MD5 of `thing`, followed by `&key=<key>` when a key is given (`&secret=<key>`
   * with `agency`, WeCom's variant). An empty key appends nothing.
   */
  static md5(thing: string, key = '', agency: boolean | number | string = false): string {
    const suffix = key === '' ? '' : `${isPhpTruthy(agency) ? '&secret=' : '&key='}${key}`;
    return createHash('md5').update(`${thing}${suffix}`, 'utf8').digest('hex');
  }

  /** Lower-case hex HMAC of `thing + '&key=' + key`, keyed with `key` itself (APIv2's rule). */
  static hmac(thing: string, key: string, algorithm = 'sha256'): string {
    if (typeof key !== 'string' || key === '') throw new InvalidArgumentException('Hash.hmac: the key (APIv2 secret) must not be empty.');
    let hmac;
    try {
      hmac = createHmac(algorithm, key);
    } catch (error) {
      throw new InvalidArgumentException(`Hash.hmac: unsupported algorithm ${JSON.stringify(algorithm)}.`, { cause: error });
    }
    return hmac.update(`${thing}&key=${key}`, 'utf8').digest('hex');
  }

  /**
   * Timing-safe string comparison (PHP's `hash_equals`). A missing `user` value is `false`; so
   * is a length mismatch, which is all the timing reveals.
   */
  static equals(known: string | null | undefined, user: string | null | undefined): boolean {
    if (typeof known !== 'string' || typeof user !== 'string') return false;
    const a = Buffer.from(known, 'utf8');
    const b = Buffer.from(user, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * The upper-case APIv2 signature of `data` (an already joined `k=v&…` string) for `type`
   * exactly `MD5` or `HMAC-SHA256`; `undefined` for any other type, as PHP's `null`.
   */
  static sign(type: string, data: string, key: string): string | undefined {
    if (type === ALGO_MD5) return Hash.md5(data, key).toUpperCase();
    if (type === ALGO_HMAC_SHA256) return Hash.hmac(data, key).toUpperCase();
    return undefined;
  }
}

/**
 * The APIv2 signature of a set of fields: keys sorted byte-wise, `sign` and empty (`null`,
 * `undefined`, `''`) values left out, `k=v` joined by `&`, then signed with the APIv2 secret.
 * `sign_type`, when among the fields, is signed like any other field; pass the same value as `type`.
 */
export function signFields(fields: Pairs, secret: string, type: SignType = ALGO_MD5): string {
  if (type !== ALGO_MD5 && type !== ALGO_HMAC_SHA256) {
    throw new InvalidArgumentException(`signFields: unsupported sign type ${JSON.stringify(type)}; expected MD5 or HMAC-SHA256.`);
  }
  return Hash.sign(type, Formatter.queryStringLike(Formatter.sortedEntries(fields)), secret)!;
}

/** PHP's truthiness for the `agency` flag (a WeCom AgentId may be passed): `'0'` and `0` are false. */
function isPhpTruthy(value: boolean | number | string): boolean {
  return value !== '0' && Boolean(value);
}
