/**
 * Field descriptions → TypeScript type text: enums as literal unions, nested objects inline, required
 * fields mandatory, sensitive fields documented. Request types take readonly arrays (an `as const`
 * literal fits); response types are plain.
 */
import type { FieldSpec, Fields } from '../../lib/endpoints/types';

export interface TypeTextOptions {
  /** Request side: arrays are readonly. */
  readonly input: boolean;
  /** Fields the client fills in itself (APIv2's `sign`, `nonce_str`): optional whatever the wire says. */
  readonly filledByClient?: ReadonlySet<string>;
}

const SENSITIVE_DOC = 'Sensitive: sent RSA-OAEP encrypted with the platform public key named by the `Wechatpay-Serial` header.';

export function fieldsType(fields: Fields, options: TypeTextOptions, indent = ''): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = entries.map(([name, field]) => {
    const optional = !field.required || options.filledByClient?.has(name);
    const doc = docOf(field);
    const text = `${inner}${propertyKey(name)}${optional ? '?' : ''}: ${fieldType(field, { input: options.input }, inner)};`;
    return doc ? `${inner}/** ${doc} */\n${text}` : text;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

export function fieldType(field: FieldSpec, options: TypeTextOptions, indent = ''): string {
  switch (field.type) {
    case 'string':
      return field.enum?.length ? field.enum.map(literal).join(' | ') : 'string';
    case 'integer':
    case 'number':
      return field.enum?.length ? field.enum.map(literal).join(' | ') : 'number';
    case 'boolean':
      return 'boolean';
    case 'file':
      return 'unknown';
    case 'object':
      return field.properties ? fieldsType(field.properties, { input: options.input }, indent) : '{ [key: string]: unknown }';
    case 'array': {
      const item = fieldType(field.items, options, indent);
      const wrapped = /^[\w'"{]/.test(item) && !item.includes(' | ') ? item : `(${item})`;
      return `${options.input ? 'readonly ' : ''}${wrapped}[]`;
    }
  }
}

function docOf(field: FieldSpec): string | undefined {
  if (field.type === 'string' && field.encrypted) return SENSITIVE_DOC;
  if (field.type === 'string' && field.format === 'date-time') return 'RFC 3339 time, e.g. `2018-06-08T10:34:56+08:00`.';
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property key as written in a type: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

export function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Text safe inside a JSDoc comment. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}
