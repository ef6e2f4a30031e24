/**
 * The shape of an endpoint description. Descriptions are plain data (no functions): the generator
 * writes one per catalogued operation (`lib/endpoints/generated/`), hand-written overrides refine some
 * (`lib/endpoints/overrides/`), and the same objects feed the sandbox's validation, the endpoint lists
 * and the generated request/response types of the client.
 */
import type { ErrorCode } from './error-codes';

/** Where a field travels; also the `location` of a PARAM_ERROR detail. */
export type FieldLocation = 'path' | 'query' | 'body' | 'header' | 'formData';

/** A JSON value, as the catalogue's examples and defaults are. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

interface FieldBase {
  readonly required?: boolean;
  /** One line for the README and for error messages. */
  readonly description?: string;
  /** The value may be `null` (it is then treated as absent). */
  readonly nullable?: true;
  /** A realistic value, from the official documentation. */
  readonly example?: JsonValue;
  /** What the API assumes when the field is left out. */
  readonly default?: JsonValue;
}

/**
 * What a string holds beyond its length and enum: `date-time` is RFC 3339 such as
 * `2018-06-08T10:34:56+08:00`; `media-id`/`media-url` name an uploaded file; `json-object`/`json-array` are
 * JSON text inside the string; `data-uri` is RFC 2397.
 */
export type StringFormat = 'date-time' | 'date' | 'uri' | 'media-id' | 'media-url' | 'json-object' | 'json-array' | 'data-uri';

export interface StringField extends FieldBase {
  readonly type: 'string';
  /** Length limits in characters; for an `encrypted` field they apply to the decrypted text. */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
  /** A regular expression source the whole value must match. */
  readonly pattern?: string;
  readonly format?: StringFormat;
  /** Sent RSA-OAEP(SHA-1) encrypted for the platform key named by the `Wechatpay-Serial` header. */
  readonly encrypted?: true;
}

/** Integer widths the catalogue states; the wire value is a JSON number either way. */
export type IntegerFormat = 'int32' | 'int64' | 'uint32' | 'uint64';

export interface IntegerField extends FieldBase {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly number[];
  readonly format?: IntegerFormat;
}

/** A JSON number that may have a fraction (rates, coordinates). */
export interface NumberField extends FieldBase {
  readonly type: 'number';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly number[];
}

export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
}

export interface ObjectField extends FieldBase {
  readonly type: 'object';
  /** Absent for a free-form object: any JSON object is accepted. */
  readonly properties?: Fields;
}

export interface ArrayField extends FieldBase {
  readonly type: 'array';
  readonly items: FieldSpec;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** A file part of a multipart/form-data body. */
export interface FileField extends FieldBase {
  readonly type: 'file';
}

export type FieldSpec = StringField | IntegerField | NumberField | BooleanField | ObjectField | ArrayField | FileField;

/** Named fields of a body, a query string or a path. */
export type Fields = { readonly [name: string]: FieldSpec };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Which API an operation belongs to: APIv3 (JSON, signed), APIv2 (XML fields, MD5/HMAC-SHA256), and the
 * APIv3-style operations served from the Hong Kong host (`hk`) or for cross-border merchants (`global`).
 */
export type ApiFamily = 'v3' | 'v2' | 'hk' | 'global';

export interface ResponseDescription {
  /** The success status: 200, 202 or 204 (302 for the one APIv2 redirect). */
  readonly status: number;
  /** Body fields (JSON, or the `<xml>` document's for APIv2); absent for 204 and for file streams. */
  readonly body?: Fields;
  /** Response headers the API documents (a bill file's digest, …). */
  readonly headers?: Fields;
  /** Non-JSON payloads (bill files, APIv2 XML, PDFs). */
  readonly contentType?: string;
  /** `false` for the few responses WeChat Pay does not sign (the bill file). */
  readonly signed?: boolean;
}

export interface EndpointDescription {
  readonly method: HttpMethod;
  /**
   * RFC 6570 template without a leading slash, as the client's chain names it: APIv2 paths carry the
   * `v2/` prefix (`v2/pay/micropay`) the client strips before sending.
   */
  readonly path: string;
  /** One line for the endpoint lists: the official name, or an English line from an override. */
  readonly summary: string;
  readonly family?: ApiFamily;
  /** The operation's official (Chinese) name. */
  readonly name?: string;
  /** Link to the official documentation page. */
  readonly docs?: string;
  /** Product areas, e.g. `收付通∙个人收款`. */
  readonly tags?: readonly string[];
  /** Which kinds of merchant may call it (`电商平台`, `普通服务商`, …). */
  readonly roles?: readonly string[];
  readonly deprecated?: true;
  /** When the official page was last updated (`2024.10.22`). */
  readonly updated?: string;
  /** The host, where it is not `https://api.mch.weixin.qq.com/` (the Hong Kong operations). */
  readonly baseUri?: string;
  /**
   * wechatpay-php's spelling of this path, where it differs: `{empty}` for a trailing slash (filled
   * with `''`), a variable holding a segment with capitals (PHP lowers property names).
   */
  readonly php?: string;
  /** Request media types other than JSON: `application/xml` (APIv2), `multipart/form-data` (uploads). */
  readonly consumes?: readonly string[];
  /** Response media types other than JSON. */
  readonly produces?: readonly string[];
  readonly pathParams?: Fields;
  readonly query?: Fields;
  /** Request headers the operation names (`Wechatpay-Serial` when it takes encrypted fields, …). */
  readonly headers?: Fields;
  /** JSON body fields, or the `<xml>` document's fields for APIv2. */
  readonly body?: Fields;
  /** Parts of a multipart/form-data body (files and their meta). */
  readonly formData?: Fields;
  /** Groups of body fields of which exactly one must be present (e.g. transaction_id | out_trade_no). */
  readonly oneOf?: readonly (readonly string[])[];
  /** The field that must equal the signer's mchid: a JSON pointer in the body or a query name. */
  readonly signerMchid?: { readonly location: 'body' | 'query'; readonly field: string };
  /** The success response. */
  readonly response: ResponseDescription;
  /** Other documented answers, by status (an APIv2 error page, a 403 body). */
  readonly otherResponses?: readonly ResponseDescription[];
  /** Business error codes beyond the ones every endpoint may answer (see `commonErrors`). */
  readonly errors: readonly ErrorCode[];
}
