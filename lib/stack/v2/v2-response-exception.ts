/**
 * An APIv2 reply that failed its checks. A RequestException (so PHP-style catches still hold) that
 * also carries the reply's parsed fields, when it could be parsed, so `return_msg`, `err_code` and
 * `err_code_des` are at hand without parsing the body again.
 */
import { RequestException } from '../../errors';
import type { XmlRecord } from '../../formats/transformer';
import type { Request } from '../../message/request';
import type { Response } from '../../message/response';
import { ErrorCode } from '../../errors/codes.cjs';

/** The `code` of a V2ResponseException: which check failed. */
export const V2ResponseFailure = {
  /** The body is not XML we read (malformed, a DOCTYPE, not UTF-8). */
  XML_INVALID: ErrorCode.XML_INVALID,
  /** `return_code` is missing or not SUCCESS: the call failed at the communication level. */
  RETURN_FAIL: ErrorCode.V2_RETURN_FAIL,
  /** `result_code` is not SUCCESS: a business failure, `err_code` says which. */
  RESULT_FAIL: ErrorCode.V2_RESULT_FAIL,
  /** `sign` does not match the fields (or cannot be checked). */
  SIGN_MISMATCH: ErrorCode.V2_SIGN_MISMATCH,
  /** No `sign` on a reply from an endpoint that signs its replies. */
  SIGN_MISSING: ErrorCode.V2_SIGN_MISSING,
} as const;

export type V2ResponseFailureCode = (typeof V2ResponseFailure)[keyof typeof V2ResponseFailure];

export class V2ResponseException extends RequestException {
  static override readonly brandName: string = 'V2ResponseException';
  declare code: V2ResponseFailureCode;
  /** The reply's fields (`Transformer.toArray` of the body); undefined when the body is not XML. */
  readonly fields: XmlRecord | undefined;

  constructor(message: string, request: Request, response: Response, fields: XmlRecord | undefined, options: { code: V2ResponseFailureCode; cause?: unknown }) {
    super(message, request, response, options);
    this.fields = fields;
  }

  /** The fields without `sign`, which stays out of logs like every signature. */
  override toJSON(): Record<string, unknown> {
    if (!this.fields) return super.toJSON();
    const { sign: _sign, ...fields } = this.fields;
    return { ...super.toJSON(), fields };
  }
}
