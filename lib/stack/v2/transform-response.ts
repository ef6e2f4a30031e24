/**
 * `transform_response`: an APIv2 reply must prove it came from WeChat Pay before anyone reads it.
 * It sits outside `http_errors`, so it sees replies below 400 only. In order:
 *   1. the endpoints that answer without a sign (wechatpay-php's list) pass untouched;
 *   2. the body must be XML (a DOCTYPE is refused: no entity is expanded, nothing is fetched);
 *   3. `return_code` must be SUCCESS (a FAIL is a communication-level error and carries no sign);
 *   4. a `sign` must be present (a reply without one is forged: SIGN_MISSING) and must match
 *      (SIGN_MISMATCH): computed with the request's `sign_type`, or, when the request declared
 *      none we know, by its length (64 → HMAC-SHA256, else MD5) as PHP does;
 *   5. `result_code`, when present, must be SUCCESS. Only now, after the sign, is any business
 *      field read, so the `err_code` a caller acts on (ORDERPAID, USERPAYING, …) is always authentic.
 * Every failure is a V2ResponseException carrying the response and, once parsed, its fields (which
 * are unauthenticated when the code is SIGN_MISSING or SIGN_MISMATCH).
 */
import { Hash, signFields, type SignType } from '../../crypto/hash';
import { Transformer, type XmlNode, type XmlRecord } from '../../formats/transformer';
import type { Request } from '../../message/request';
import type { Response } from '../../message/response';
import { settle, valueEntry } from '../settle';
import type { Middleware } from '../types';
import { declaredSignType, requestFields } from './fields';
import { isUnsignedEndpoint } from './unsigned-endpoints';
import { V2ResponseException, V2ResponseFailure, type V2ResponseFailureCode } from './v2-response-exception';

const SUCCESS = 'SUCCESS';
/** Enough of a server's message to be useful in ours. */
const MESSAGE_CHARS = 200;

export interface V2ResponseSettings {
  /** The APIv2 key the reply's sign is checked with. */
  readonly secret: string | undefined;
}

export function transformResponse({ secret }: V2ResponseSettings): Middleware {
  return valueEntry((next) => (request, options) => {
    const signType = declaredSignType(requestFields(request, options));
    return settle(next(request, options), (response) =>
      isUnsignedEndpoint(options.pathname) ? response : checkedResponse(request, response, signType, secret),
    );
  });
}

function checkedResponse(request: Request, response: Response, signType: SignType | undefined, secret: string | undefined): Response {
  const failure = (code: V2ResponseFailureCode, reason: string, fields?: XmlRecord, cause?: unknown) =>
    new V2ResponseException(`APIv2 response check failed (${request.method} ${request.uri.pathname}): ${reason}`, request, response, fields, { code, cause });

  let fields: XmlRecord;
  try {
    fields = Transformer.toArray(response.getBody().bytes());
  } catch (cause) {
    throw failure(V2ResponseFailure.XML_INVALID, `the ${response.getStatusCode()} reply is not readable XML: ${(cause as Error).message}.`, undefined, cause);
  }

  const returnCode = fields.return_code;
  if (returnCode !== SUCCESS) {
    const said = returnCode === undefined ? 'the reply has no return_code' : `return_code is ${textOf(returnCode)}`;
    throw failure(V2ResponseFailure.RETURN_FAIL, `${said}${fields.return_msg === undefined ? '' : ` (return_msg: ${textOf(fields.return_msg)})`}.`, fields);
  }

  const sign = fields.sign;
  if (sign === undefined) throw failure(V2ResponseFailure.SIGN_MISSING, 'the reply has no sign, and this endpoint signs its replies: it must be treated as forged.', fields);
  if (typeof sign !== 'string' || sign === '') throw failure(V2ResponseFailure.SIGN_MISMATCH, 'the reply\'s sign is empty or not text.', fields);
  if (!secret) throw failure(V2ResponseFailure.SIGN_MISMATCH, 'the reply is signed but no APIv2 `secret` is configured to check it.', fields);
  const algorithm: SignType = signType ?? (sign.length === 64 ? Hash.ALGO_HMAC_SHA256 : Hash.ALGO_MD5);
  let expected: string | undefined;
  try {
    expected = signFields(fields, secret, algorithm);
  } catch (cause) {
    throw failure(V2ResponseFailure.SIGN_MISMATCH, `the reply's fields cannot be signed (${(cause as Error).message}).`, fields, cause);
  }
  if (!Hash.equals(expected, sign)) {
    throw failure(V2ResponseFailure.SIGN_MISMATCH, `the reply's sign does not match its fields (${algorithm} with the APIv2 secret): the reply was altered, or the secret is wrong.`, fields);
  }

  const resultCode = fields.result_code;
  if (resultCode !== undefined && resultCode !== SUCCESS) {
    const errCode = fields.err_code === undefined ? '' : `, err_code ${textOf(fields.err_code)}`;
    const errDes = fields.err_code_des === undefined ? '' : ` (${textOf(fields.err_code_des)})`;
    throw failure(V2ResponseFailure.RESULT_FAIL, `result_code is ${textOf(resultCode)}${errCode}${errDes}.`, fields);
  }
  return response;
}

function textOf(node: XmlNode | XmlNode[]): string {
  if (typeof node !== 'string') return '(not text)';
  return node.length > MESSAGE_CHARS ? `${node.slice(0, MESSAGE_CHARS)}…` : node;
}
