/**
 * Checks values against field descriptions the way the real API does: required fields, types,
 * lengths, enums, patterns and formats, first failure wins, reported as PARAM_ERROR with the
 * documented `detail {field, value, issue, location}`. Encrypted fields are decrypted first and
 * their plain text checked. The same checks judge the sandbox's own synthesized answers
 * (`satisfies`), so a reply never breaks the schema a request is held to.
 */
import type { FieldLocation, FieldSpec, Fields, StringField } from '../endpoints/types';
import { paramError } from './errors';

export interface ValidationScope {
  readonly location: FieldLocation;
  /** Plain text of an encrypted field, or `undefined` when it does not decrypt. */
  readonly decrypt?: (ciphertext: string) => string | undefined;
  /** Filled with the plain text of every encrypted field, by JSON pointer. */
  readonly decrypted?: Map<string, string>;
  /**
   * Values arrive as text (a query, a path, APIv2 XML): `"12"` is an integer, `"true"` a boolean.
   * Defaults to every location but a JSON body.
   */
  readonly textual?: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The API takes UTF-8 of 1–3 bytes per character only (no emoji). */
const FOUR_BYTE_UTF8 = /[\u{10000}-\u{10FFFF}]/u;

/** Checks `values` (a body object, a query or path map) against `fields`; throws PARAM_ERROR. */
export function checkFields(fields: Fields, values: Record<string, unknown>, scope: ValidationScope, prefix = ''): void {
  for (const [name, spec] of Object.entries(fields)) {
    const field = scope.location === 'body' ? `${prefix}/${name}` : name;
    checkField(spec, values[name], field, scope);
  }
}

/** Whether `value` passes `spec` (an encrypted field: its plain text), without throwing. */
export function satisfies(spec: FieldSpec, value: unknown): boolean {
  try {
    checkField(plainSpec(spec), value, '', { location: 'body' });
    return true;
  } catch {
    return false;
  }
}

/** The spec a field's plain text meets: the same one, without the encryption step. */
export function plainSpec(spec: FieldSpec): FieldSpec {
  if (spec.type !== 'string' || !spec.encrypted) return spec;
  const { encrypted: _encrypted, ...plain } = spec;
  return plain;
}

function checkField(spec: FieldSpec, value: unknown, field: string, scope: ValidationScope): void {
  // A missing value is reported as "" (as the real API does), since JSON has no undefined.
  const fail = (issue: string, rule: string): never => {
    throw paramError({ field, value: value ?? '', issue, location: scope.location }, rule);
  };
  if (value === undefined || value === null) {
    if (spec.required) fail('此字段为必填项 (required)', '必填性');
    return;
  }
  const textual = scope.textual ?? scope.location !== 'body';
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return fail('must be a string', '类型');
      return checkString(spec, value, field, scope, fail);
    case 'integer':
    case 'number': {
      const integer = spec.type === 'integer';
      const number = textual && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !(integer ? Number.isSafeInteger(number) : Number.isFinite(number))) {
        return fail(integer ? 'must be an integer' : 'must be a number', '类型');
      }
      if (spec.enum && !spec.enum.includes(number)) fail(`must be one of ${spec.enum.join(', ')}`, '枚举值');
      if (spec.minimum !== undefined && number < spec.minimum) fail(`must be at least ${spec.minimum}`, '取值范围');
      if (spec.maximum !== undefined && number > spec.maximum) fail(`must be at most ${spec.maximum}`, '取值范围');
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean' && !(textual && (value === 'true' || value === 'false'))) {
        fail('must be a boolean', '类型');
      }
      return;
    case 'object': {
      const object = textual ? fromText(value) : value;
      if (typeof object !== 'object' || object === null || Array.isArray(object)) return fail('must be an object', '类型');
      return checkFields(spec.properties ?? {}, object as Record<string, unknown>, { ...scope, textual: false }, field);
    }
    case 'array': {
      // As text (a query, an APIv2 field) a list is JSON, or its items joined by commas.
      const list = textual && typeof value === 'string' ? (Array.isArray(fromText(value)) ? fromText(value) : value.split(',')) : value;
      if (!Array.isArray(list)) return fail('must be an array', '类型');
      if (spec.minItems !== undefined && list.length < spec.minItems) fail(`must have at least ${spec.minItems} items`, '长度');
      if (spec.maxItems !== undefined && list.length > spec.maxItems) fail(`must have at most ${spec.maxItems} items`, '长度');
      list.forEach((item, index) => checkField(spec.items, item, `${field}/${index}`, scope));
      return;
    }
    case 'file':
      // A file part's presence is checked with the multipart body it arrives in.
      return;
    default:
      // A type the checks do not know takes any value.
      return;
  }
}

/** JSON text read as its value; anything else as it is. */
function fromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function checkString(
  spec: StringField,
  raw: string,
  field: string,
  scope: ValidationScope,
  fail: (issue: string, rule: string) => never,
): void {
  let value = raw;
  if (spec.encrypted) {
    const plain = scope.decrypt?.(raw);
    if (plain === undefined) fail('cannot be decrypted (RSA-OAEP) with the key named by Wechatpay-Serial', '解密');
    value = plain;
    scope.decrypted?.set(field, plain);
  }
  if (spec.enum) {
    // A listed value is valid as it is (community data gives some enums values longer than their maxLength).
    if (!spec.enum.includes(value)) fail(`must be one of ${spec.enum.join(', ')}`, '枚举值');
    return;
  }
  const length = [...value].length;
  if (FOUR_BYTE_UTF8.test(value)) fail('must not contain 4-byte UTF-8 characters such as emoji', '字符集');
  if (spec.minLength !== undefined && length < spec.minLength) fail(`must be at least ${spec.minLength} characters`, '长度');
  if (spec.maxLength !== undefined && length > spec.maxLength) fail(`must be at most ${spec.maxLength} characters`, '长度');
  if (spec.pattern && !patternOf(spec.pattern).test(value)) fail(`must match ${spec.pattern}`, '格式');
  if (spec.format === 'date-time' && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value)))) {
    fail('must be an RFC 3339 time such as 2018-06-08T10:34:56+08:00', '格式');
  }
  if (spec.format === 'date' && !(DATE.test(value) && !Number.isNaN(Date.parse(value)))) fail('must be a date YYYY-MM-DD', '格式');
  if (spec.format === 'uri' && !/^https?:\/\/[^\s]+$/.test(value)) fail('must be an http(s) URL', '格式');
}

const patterns = new Map<string, RegExp>();

/** A description's pattern, anchored to the whole value; one the engine cannot compile accepts anything. */
function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    try {
      const bare = /^\/(.*)\/$/.exec(source)?.[1] ?? source; // community data writes some as `/…/`
      pattern = new RegExp(`^(?:${bare.replace(/^\^/, '').replace(/\$$/, '')})$`);
    } catch {
      pattern = /^/;
    }
    patterns.set(source, pattern);
  }
  return pattern;
}
