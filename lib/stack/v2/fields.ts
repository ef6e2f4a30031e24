/**
 * The APIv2 fields of a request as the caller gave them, read by both transform entries: the
 * request side signs them, the response side learns from them which algorithm the answer is
 * signed with (WeChat Pay signs a reply with the `sign_type` of its request).
 */
import { InvalidArgumentException } from '../../errors';
import { Hash, type SignType } from '../../crypto/hash';
import type { Request } from '../../message/request';
import { isPlainObject } from '../../template/values';
import type { HandlerOptions } from '../types';

export type V2Fields = Readonly<Record<string, unknown>>;

/** `sign_type` when a request names none, as in wechatpay-php. */
export const DEFAULT_SIGN_TYPE: SignType = Hash.ALGO_MD5;

/**
 * The `xml` option; for a GET without one, the query already in the URI (wechatpay-php 1.4.12
 * signs that and sends it back as the query). `undefined` when the request carries no fields.
 */
export function requestFields(request: Request, options: HandlerOptions): V2Fields | undefined {
  const xml = options.xml;
  if (xml === undefined || xml === null) {
    return request.method === 'GET' ? Object.fromEntries(new URLSearchParams(request.uri.search)) : undefined;
  }
  if (!isPlainObject(xml)) {
    throw new InvalidArgumentException(`\`xml\` must be an object of APIv2 fields (\`{ appid, mch_id, … }\`), not ${Array.isArray(xml) ? 'an array' : typeof xml}.`);
  }
  return xml;
}

export function isSignType(value: unknown): value is SignType {
  return value === Hash.ALGO_MD5 || value === Hash.ALGO_HMAC_SHA256;
}

/** The algorithm the request's fields declare, or `undefined` when they declare none we know. */
export function declaredSignType(fields: V2Fields | undefined): SignType | undefined {
  if (fields === undefined) return undefined;
  const type = fields.sign_type ?? DEFAULT_SIGN_TYPE;
  return isSignType(type) ? type : undefined;
}
