/**
 * One catalogue schema node → one field description. Swagger's spellings become the description
 * format's: `rfc3339` → `date-time`, `base64` and `x-is-sensitive` → `encrypted`, integer widths on
 * `number` → `integer`, `allOf` merged into one object. Anything unreadable is reported and read the
 * nearest sensible way.
 */
import type { FieldSpec, Fields, IntegerFormat, JsonValue, StringFormat } from '../../lib/endpoints/types';
import { isRecord, type CatalogSchema } from './catalog';

/** Reports a problem at `where` (relative to the operation). */
export type Report = (where: string, issue: string) => void;

const STRING_FORMATS: Readonly<Record<string, StringFormat>> = {
  rfc3339: 'date-time',
  date: 'date',
  url: 'uri',
  MediaId: 'media-id',
  MediaUrl: 'media-url',
  jsonObjectLike: 'json-object',
  jsonArrayLike: 'json-array',
  rfc2397: 'data-uri',
};

/** Formats that say what characters a string holds: read as a pattern. */
const STRING_PATTERNS: Readonly<Record<string, string>> = {
  integer: '^[0-9]+$',
  uint64: '^[0-9]+$',
  numeric: '^-?[0-9]+(\\.[0-9]+)?$',
  'mm/yy': '^(0[1-9]|1[0-2])/[0-9]{2}$',
  yyyyMMddHHmmss: '^[0-9]{14}$',
};

/** Integer widths, and the formats that turn a `number` into an integer. */
const INTEGER_FORMATS: Readonly<Record<string, IntegerFormat | undefined>> = {
  int32: 'int32',
  int64: 'int64',
  uint32: 'uint32',
  uint64: 'uint64',
  uint: undefined,
  integer: undefined,
};

/** Misspelt type names seen in the data. */
const TYPE_ALIASES: Readonly<Record<string, string>> = { int: 'integer', uint64: 'integer', stringde: 'string' };
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'file']);

/** Keys a schema node may carry; anything else is reported (a property written one level too high, a typo). */
const KNOWN_KEYS = new Set([
  'type', 'format', 'required', 'enum', 'example', 'default', 'nullable', 'properties', 'items', 'allOf',
  'maxLength', 'minLength', 'maximum', 'minimum', 'maxItems', 'minItems', 'pattern', 'x-is-sensitive', 'x-json',
  'x-urlencode', 'description', 'title', 'require',
  // parameter keys, when a parameter is its own schema
  'name', 'in', 'schema',
]);

/** Reads `schema` as a field; `required` comes from the parent (an object's `required` list, a parameter's flag). */
export function readField(schema: unknown, where: string, report: Report, required = false): FieldSpec {
  if (!isRecord(schema)) {
    report(where, `not a schema object (${JSON.stringify(schema)}); read as a free-form string`);
    return withRequired({ type: 'string' }, required);
  }
  const node = schema.allOf !== undefined ? mergeAllOf(schema, where, report) : schema;
  for (const key of Object.keys(node)) if (!KNOWN_KEYS.has(key)) report(where, `unknown key \`${key}\` ignored`);
  const field = readTyped(node, typeOf(node, where, report), where, report);
  return withRequired(withCommon(field, node, where, report), required);
}

/** An object's properties as named fields, honouring its `required` list and `x-is-sensitive`. */
export function readProperties(schema: CatalogSchema, where: string, report: Report): Fields {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((n): n is string => typeof n === 'string') : []);
  const sensitive = sensitiveNames(schema, where, report);
  const fields: Record<string, FieldSpec> = {};
  for (const [name, property] of Object.entries(properties)) {
    let field = readField(property, `${where}/${name}`, report, required.has(name));
    if (sensitive.has(name)) {
      if (field.type === 'string') field = { ...field, encrypted: true };
      else report(`${where}/${name}`, `listed in x-is-sensitive but is a ${field.type}, not a string`);
    }
    fields[name] = field;
  }
  // The catalogue's reduction dropped properties named `description` (taken for free text) but kept
  // them in `required`: such a name is restored as a required string.
  for (const name of required) {
    if (name in fields) continue;
    if (name === 'description') {
      report(where, '`required` names `description`, which is not a property; restored as a required string');
      fields[name] = { required: true, type: 'string' };
    } else {
      report(where, `\`required\` names \`${name}\`, which is not a property; ignored`);
    }
  }
  return fields;
}

/**
 * Names of an object's RSA-encrypted properties. An AES-GCM resource (`ciphertext` beside `nonce` and
 * `associated_data`, as in the certificate list) is encrypted with the APIv3 key instead: not marked.
 */
function sensitiveNames(schema: CatalogSchema, where: string, report: Report): Set<string> {
  const listed = schema['x-is-sensitive'];
  if (listed === undefined) return new Set();
  const names = typeof listed === 'string' ? [listed] : Array.isArray(listed) ? listed.filter((n): n is string => typeof n === 'string') : [];
  if (names.length === 0) report(where, `x-is-sensitive is not a list of names (${JSON.stringify(listed)})`);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  if ('associated_data' in properties && 'nonce' in properties) return new Set();
  for (const name of names) if (!(name in properties)) report(where, `x-is-sensitive names \`${name}\`, which is not a property`);
  return new Set(names);
}

/** `allOf: [a, b, …]` → one object schema: properties in order (later wins), `required` joined. */
function mergeAllOf(schema: CatalogSchema, where: string, report: Report): CatalogSchema {
  const parts = Array.isArray(schema.allOf) ? schema.allOf : [];
  const { allOf: _allOf, ...rest } = schema;
  // A scalar refined by allOf (`type: string` + `allOf: [{ enum: […] }]`): its parts' keys apply to it.
  if (rest.type !== undefined && rest.type !== 'object') {
    return Object.assign({}, rest, ...parts.filter(isRecord).map(({ allOf: _nested, ...part }) => part));
  }
  const properties: Record<string, unknown> = {};
  const required: unknown[] = [];
  const sensitive: unknown[] = [];
  for (const [index, part] of parts.entries()) {
    if (!isRecord(part)) {
      report(`${where}/allOf/${index}`, 'not a schema object; skipped');
      continue;
    }
    const merged = part.allOf !== undefined ? mergeAllOf(part, `${where}/allOf/${index}`, report) : part;
    if (merged.type !== undefined && merged.type !== 'object') report(`${where}/allOf/${index}`, `a ${String(merged.type)} inside allOf; only objects merge`);
    Object.assign(properties, isRecord(merged.properties) ? merged.properties : {});
    if (Array.isArray(merged.required)) required.push(...merged.required);
    const listed = merged['x-is-sensitive'];
    if (listed !== undefined) sensitive.push(...(Array.isArray(listed) ? listed : [listed]));
  }
  return {
    ...rest,
    type: 'object',
    properties,
    ...(required.length ? { required: [...new Set(required)] } : {}),
    ...(sensitive.length ? { 'x-is-sensitive': sensitive } : {}),
  };
}

function typeOf(node: CatalogSchema, where: string, report: Report): string {
  const raw = node.type;
  if (raw === undefined) {
    if (node.properties !== undefined) return 'object';
    if (node.items !== undefined) return 'array';
    report(where, 'no `type`; read as a string');
    return 'string';
  }
  if (typeof raw !== 'string') {
    report(where, `\`type\` is ${JSON.stringify(raw)}; read as a string`);
    return 'string';
  }
  const trimmed = raw.trim();
  if (TYPES.has(trimmed) && trimmed === raw) return raw;
  const alias = TYPES.has(trimmed) ? trimmed : TYPE_ALIASES[trimmed];
  if (alias) {
    report(where, `\`type\` ${JSON.stringify(raw)} read as ${alias}`);
    return alias;
  }
  report(where, `\`type\` holds a value (${JSON.stringify(raw)}), not a type; read as a string`);
  return 'string';
}

function readTyped(node: CatalogSchema, type: string, where: string, report: Report): FieldSpec {
  const format = typeof node.format === 'string' ? node.format : undefined;
  switch (type) {
    case 'string':
      return readString(node, format, where, report);
    case 'integer':
    case 'number': {
      const integer = type === 'integer' || (format !== undefined && format in INTEGER_FORMATS) || node.type === 'uint64';
      const width = node.type === 'uint64' ? 'uint64' : format === undefined ? undefined : INTEGER_FORMATS[format];
      if (format !== undefined && !(format in INTEGER_FORMATS) && format !== 'float') report(where, `unknown number format \`${format}\` ignored`);
      return {
        type: integer ? 'integer' : 'number',
        ...(integer && width ? { format: width } : {}),
        ...numbers(node, ['minimum', 'maximum']),
        ...enumOf(node, 'number', where, report),
      } as FieldSpec;
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'file':
      return { type: 'file' };
    case 'array': {
      if (node.items === undefined) report(where, 'an array without `items`; items read as free-form objects');
      const items = node.items === undefined ? ({ type: 'object' } as const) : readField(node.items, `${where}/items`, report);
      return { type: 'array', items, ...numbers(node, ['minItems', 'maxItems']) };
    }
    default: {
      // object
      const properties = node.properties === undefined ? undefined : readProperties(node, where, report);
      return properties === undefined ? { type: 'object' } : { type: 'object', properties };
    }
  }
}

function readString(node: CatalogSchema, format: string | undefined, where: string, report: Report): FieldSpec {
  const field: Record<string, unknown> = { type: 'string', ...numbers(node, ['minLength', 'maxLength']), ...enumOf(node, 'string', where, report) };
  if (typeof node.pattern === 'string') field.pattern = node.pattern;
  if (format === 'base64') field.encrypted = true;
  else if (format !== undefined && STRING_FORMATS[format]) field.format = STRING_FORMATS[format];
  else if (format !== undefined && STRING_PATTERNS[format]) field.pattern ??= STRING_PATTERNS[format];
  else if (format !== undefined) report(where, `unknown string format \`${format}\` ignored`);
  else if (node['x-json'] === true) field.format = 'json-object';
  return field as unknown as FieldSpec;
}

/** `nullable`, `example`, `default`, and the misspelt `require`. */
function withCommon(field: FieldSpec, node: CatalogSchema, where: string, report: Report): FieldSpec {
  const extra: Record<string, unknown> = {};
  if (node.nullable === true) extra.nullable = true;
  if (node.example !== undefined && isJson(node.example)) extra.example = node.example;
  if (node.default !== undefined && isJson(node.default)) extra.default = node.default;
  if (node.require !== undefined && typeof node.in !== 'string') report(where, '`require` on a schema node ignored');
  return { ...field, ...extra } as FieldSpec;
}

function withRequired(field: FieldSpec, required: boolean): FieldSpec {
  return required ? ({ required: true, ...field } as FieldSpec) : field;
}

function numbers(node: CatalogSchema, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) if (typeof node[key] === 'number' && Number.isFinite(node[key])) out[key] = node[key];
  return out;
}

function enumOf(node: CatalogSchema, kind: 'string' | 'number', where: string, report: Report): { enum?: readonly (string | number)[] } {
  if (node.enum === undefined) return {};
  if (!Array.isArray(node.enum)) {
    report(where, '`enum` is not a list; ignored');
    return {};
  }
  const values = node.enum.filter((v) => typeof v === kind);
  if (values.length !== node.enum.length) report(where, `\`enum\` holds values that are not ${kind}s; those are dropped`);
  return values.length ? { enum: [...new Set(values)] as (string | number)[] } : {};
}

function isJson(value: unknown): value is JsonValue {
  return value === null || ['string', 'number', 'boolean', 'object'].includes(typeof value);
}
