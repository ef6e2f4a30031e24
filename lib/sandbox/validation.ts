/**
 * Checks values against field descriptions the way the real API does: required fields, types,
 * lengths, enums, patterns and formats, first failure wins, reported as PARAM_ERROR with the
 * documented `detail {field, value, issue, location}`. Encrypted fields are decrypted first and
 * their plain text checked.
 */
import type { FieldLocation, FieldSpec, Fields, StringField } from '../endpoints/types';
import { paramError } from './errors';

export interface ValidationScope {
  readonly location: FieldLocation;
  /** Plain text of an encrypted field, or `undefined` when it does not decrypt. */
  readonly decrypt?: (ciphertext: string) => string | undefined;
  /** Filled with the plain text of every encrypted field, by JSON pointer. */
  readonly decrypted?: Map<string, string>;
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

function checkField(spec: FieldSpec, value: unknown, field: string, scope: ValidationScope): void {
  // A missing value is reported as "" (as the real API does), since JSON has no undefined.
  const fail = (issue: string, rule: string): never => {
    throw paramError({ field, value: value ?? '', issue, location: scope.location }, rule);
  };
  if (value === undefined || value === null) {
    if (spec.required) fail('此字段为必填项 (required)', '必填性');
    return;
  }
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return fail('must be a string', '类型');
      return checkString(spec, value, field, scope, fail);
    case 'integer': {
      const number = scope.location === 'body' ? value : Number(value);
      if (typeof number !== 'number' || !Number.isSafeInteger(number)) return fail('must be an integer', '类型');
      if (spec.minimum !== undefined && number < spec.minimum) fail(`must be at least ${spec.minimum}`, '取值范围');
      if (spec.maximum !== undefined && number > spec.maximum) fail(`must be at most ${spec.maximum}`, '取值范围');
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean' && !(scope.location !== 'body' && (value === 'true' || value === 'false'))) {
        fail('must be a boolean', '类型');
      }
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return fail('must be an object', '类型');
      return checkFields(spec.properties ?? {}, value as Record<string, unknown>, scope, field);
    case 'array':
      if (!Array.isArray(value)) return fail('must be an array', '类型');
      if (spec.minItems !== undefined && value.length < spec.minItems) fail(`must have at least ${spec.minItems} items`, '长度');
      if (spec.maxItems !== undefined && value.length > spec.maxItems) fail(`must have at most ${spec.maxItems} items`, '长度');
      value.forEach((item, index) => checkField(spec.items, item, `${field}/${index}`, scope));
      return;
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
  const length = [...value].length;
  if (FOUR_BYTE_UTF8.test(value)) fail('must not contain 4-byte UTF-8 characters such as emoji', '字符集');
  if (spec.minLength !== undefined && length < spec.minLength) fail(`must be at least ${spec.minLength} characters`, '长度');
  if (spec.maxLength !== undefined && length > spec.maxLength) fail(`must be at most ${spec.maxLength} characters`, '长度');
  if (spec.enum && !spec.enum.includes(value)) fail(`must be one of ${spec.enum.join(', ')}`, '枚举值');
  if (spec.pattern && !new RegExp(spec.pattern).test(value)) fail(`must match ${spec.pattern}`, '格式');
  if (spec.format === 'date-time' && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value)))) {
    fail('must be an RFC 3339 time such as 2018-06-08T10:34:56+08:00', '格式');
  }
  if (spec.format === 'date' && !(DATE.test(value) && !Number.isNaN(Date.parse(value)))) fail('must be a date YYYY-MM-DD', '格式');
  if (spec.format === 'uri' && !/^https?:\/\/[^\s]+$/.test(value)) fail('must be an http(s) URL', '格式');
}
