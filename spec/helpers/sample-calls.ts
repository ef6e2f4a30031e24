/**
 * Source text of typed calls written from endpoint descriptions, for the type-level specs and the
 * compile-cost fixtures: the smallest valid options (required fields only, enum members and catalogue
 * examples as values), in the chain spelling a caller would write.
 */
import type { EndpointDescription, FieldSpec, Fields, JsonValue } from '../../lib/endpoints/types';
import { propertyNames } from '../../scripts/endpoints/emit-types';

/** `instance.v3.pay.transactions.jsapi`, or a bracket access where a segment has no property spelling. */
export function chainExpression(template: string, root = 'instance'): string {
  const names = template.split('/').map((segment) => propertyNames(segment)[0]);
  return names.every((name) => name !== undefined && /^[A-Za-z_$][\w$]*$/.test(name)) ? `${root}.${names.join('.')}` : `${root}[${JSON.stringify(template)}]`;
}

/** The options object of a valid call, as source text; `omit` drops one required field (`query.appid`, `json.amount`). */
export function sampleOptions(operation: EndpointDescription, omit?: string): string {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(operation.pathParams ?? {})) parts.push(`${key(name)}: ${value(field)}`);
  const query = requiredObject(operation.query, omit?.startsWith('query.') ? omit.slice(6) : undefined);
  if (query) parts.push(`query: ${query}`);
  const bodyKey = operation.family === 'v2' ? 'xml' : 'json';
  const body = operation.formData ? undefined : requiredObject(operation.body, omit?.startsWith(`${bodyKey}.`) ? omit.slice(bodyKey.length + 1) : undefined);
  if (body) parts.push(`${bodyKey}: ${body}`);
  return `{ ${parts.join(', ')} }`;
}

/** A required field to leave out, as `query.name` or `json.name`/`xml.name`; undefined when nothing is required. */
export function requiredFieldPath(operation: EndpointDescription): string | undefined {
  const firstRequired = (fields: Fields | undefined) => Object.entries(fields ?? {}).find(([name, f]) => f.required && !['sign', 'nonce_str', 'sign_type'].includes(name))?.[0];
  const body = operation.formData ? undefined : firstRequired(operation.body);
  if (body) return `${operation.family === 'v2' ? 'xml' : 'json'}.${body}`;
  const query = firstRequired(operation.query);
  return query ? `query.${query}` : undefined;
}

function requiredObject(fields: Fields | undefined, omit?: string): string | undefined {
  if (!fields) return undefined;
  const entries = Object.entries(fields).filter(([name, field]) => field.required && name !== omit && field.type !== 'file');
  if (entries.length === 0 && !omit) return undefined;
  return `{ ${entries.map(([name, field]) => `${key(name)}: ${value(field)}`).join(', ')} }`;
}

function value(field: FieldSpec): string {
  switch (field.type) {
    case 'string':
      return JSON.stringify(field.enum?.[0] ?? (typeof field.example === 'string' ? field.example : 'x'));
    case 'integer':
    case 'number':
      return String(field.enum?.[0] ?? (typeof field.example === 'number' ? field.example : 1));
    case 'boolean':
      return typeof field.example === 'boolean' ? String(field.example) : 'true';
    case 'file':
      return 'undefined';
    case 'object':
      return field.properties ? (requiredObject(field.properties) ?? '{}') : literal(field.example);
    case 'array':
      return `[${value(field.items)}]`;
  }
}

function literal(example: JsonValue | undefined): string {
  return example !== null && typeof example === 'object' && !Array.isArray(example) ? JSON.stringify(example) : '{}';
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
