/**
 * The shape of an endpoint description. Descriptions are plain `as const` data (no functions), so
 * the same objects feed the sandbox's validation, the README's endpoint list and, at the type
 * level, the request/response types of the client: every literal survives into the type.
 */
import type { ErrorCode } from './error-codes';

/** Where a field travels; also the `location` of a PARAM_ERROR detail. */
export type FieldLocation = 'path' | 'query' | 'body' | 'header';

interface FieldBase {
  readonly required?: boolean;
  /** One line for the README and for error messages. */
  readonly description?: string;
}

export interface StringField extends FieldBase {
  readonly type: 'string';
  /** Length limits in characters; for an `encrypted` field they apply to the decrypted text. */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
  /** A regular expression source the whole value must match. */
  readonly pattern?: string;
  /** `date-time`: RFC 3339 such as `2018-06-08T10:34:56+08:00`. */
  readonly format?: 'date-time' | 'date' | 'uri';
  /** Sent RSA-OAEP(SHA-1) encrypted for the platform key named by the `Wechatpay-Serial` header. */
  readonly encrypted?: true;
}

export interface IntegerField extends FieldBase {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
}

export interface ObjectField extends FieldBase {
  readonly type: 'object';
  readonly properties: Fields;
}

export interface ArrayField extends FieldBase {
  readonly type: 'array';
  readonly items: FieldSpec;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export type FieldSpec = StringField | IntegerField | BooleanField | ObjectField | ArrayField;

/** Named fields of a body, a query string or a path. */
export type Fields = { readonly [name: string]: FieldSpec };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseDescription {
  readonly status: 200 | 204;
  /** JSON body fields; absent for 204 and for file streams. */
  readonly body?: Fields;
  /** Non-JSON payloads (bill files). */
  readonly contentType?: string;
  /** `false` for the few responses WeChat Pay does not sign (the bill file). */
  readonly signed?: boolean;
}

export interface EndpointDescription {
  readonly method: HttpMethod;
  /** RFC 6570 template without a leading slash, as the client's chain names it. */
  readonly path: string;
  readonly summary: string;
  readonly pathParams?: Fields;
  readonly query?: Fields;
  readonly body?: Fields;
  /** Groups of body fields of which exactly one must be present (e.g. transaction_id | out_trade_no). */
  readonly oneOf?: readonly (readonly string[])[];
  /** The field that must equal the signer's mchid: a JSON pointer in the body or a query name. */
  readonly signerMchid?: { readonly location: 'body' | 'query'; readonly field: string };
  readonly response: ResponseDescription;
  /** Business error codes beyond the ones every endpoint may answer (see `commonErrors`). */
  readonly errors: readonly ErrorCode[];
  /** Link to the official page. */
  readonly see?: string;
}
