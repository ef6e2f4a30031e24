/**
 * `transform_request`: the `xml` option becomes a signed APIv2 request, as wechatpay-php's
 * ClientXmlTrait does it: the merchant id is checked against the client's, `nonce_str` is filled
 * in, `sign` covers every sorted non-empty field (`sign_type` and `nonce_str` included), and the
 * fields become the XML body — or, for a GET, the query. A failed check sends nothing.
 */
import { InvalidArgumentException } from '../../errors';
import { signFields } from '../../crypto/hash';
import { Formatter } from '../../formats/formatter';
import { buildQuery } from '../../formats/query';
import { Transformer } from '../../formats/transformer';
import type { Request } from '../../message/request';
import { RequestBody } from '../../message/request-body';
import { rememberSignature } from '../../redact';
import type { HandlerOptions, Middleware } from '../types';
import { DEFAULT_SIGN_TYPE, isSignType, requestFields, type V2Fields } from './fields';
import { valueEntry } from '../settle';

export interface V2Credentials {
  /** The client's merchant id: every request's `mch_id` (or `mchid`, `combine_mch_id`) must be it. */
  readonly mchid: string;
  /** The APIv2 key. */
  readonly secret: string | undefined;
}

/** wechatpay-php's APIv2 default, sent when the caller gives no Accept of their own. */
export const V2_ACCEPT = 'text/xml, text/plain, application/x-gzip';

export function transformRequest(credentials: V2Credentials): Middleware {
  return valueEntry((next) => (request, options) => next(signedRequest(request, options, credentials), options));
}

function signedRequest(request: Request, options: HandlerOptions, { mchid, secret }: V2Credentials): Request {
  const given = requestFields(request, options) ?? {};
  checkMerchantId(given, mchid);
  const type = given.sign_type ?? DEFAULT_SIGN_TYPE;
  if (!isSignType(type)) {
    // PHP signs nothing and sends an empty <sign>, which WeChat Pay can only refuse.
    throw new InvalidArgumentException(`\`sign_type\` must be \`MD5\` or \`HMAC-SHA256\` (upper case), not ${JSON.stringify(type)}.`);
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new InvalidArgumentException('Signing an APIv2 request needs the APIv2 key: configure `secret` in Builder.factory().');
  }

  const fields: Record<string, unknown> = { ...given };
  if (!options.nonceless) fields.nonce_str ??= Formatter.nonce();
  fields.sign = signFields(fields, secret, type);
  rememberSignature(request, fields.sign as string);

  const accepting = request.hasHeader('Accept') ? request : request.withHeader('Accept', V2_ACCEPT);
  if (request.method === 'GET') {
    const uri = new URL(request.uri.href);
    uri.search = buildQuery(fields);
    return accepting.withUri(uri).withBody(RequestBody.EMPTY);
  }
  return accepting.withBody(RequestBody.fromBytes(Buffer.from(Transformer.toXml(fields), 'utf8')));
}

/** A number equal to the mchid is accepted too: it goes out as the same text. */
function checkMerchantId(fields: V2Fields, mchid: string): void {
  const given = fields.mch_id ?? fields.mchid ?? fields.combine_mch_id;
  if ((typeof given === 'string' || typeof given === 'number') && String(given) === mchid) return;
  const shown = typeof given === 'string' || typeof given === 'number' ? String(given) : '';
  throw new InvalidArgumentException(
    `The xml's structure[mch_id(${shown})] doesn't match the init one mchid(${mchid}): ` +
      'an APIv2 request must carry the client\'s merchant id as `mch_id` (or `mchid`, `combine_mch_id`).',
  );
}
