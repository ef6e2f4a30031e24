/**
 * One catalogue operation → one endpoint description: parameters sorted by where they travel, the body
 * schema's properties as the body fields, the first success response as `response`, and the catalogue's
 * facts (family, official name, docs, areas, roles, PHP spelling) beside them.
 */
import type { ApiFamily, EndpointDescription, Fields, FieldSpec, HttpMethod, ResponseDescription } from '../../lib/endpoints/types';
import { isRecord, type CatalogOperation } from './catalog';
import type { Problems } from './problems';
import { readField, type Report } from './schema';

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const FAMILIES = new Set<string>(['v3', 'v2', 'hk', 'global']);
const LOCATIONS = { path: 'pathParams', query: 'query', header: 'headers', formData: 'formData' } as const;

/** `GET v3/…`: how an operation is named in reports, keys and overrides (APIv2 paths with their `v2/`). */
export function operationKey(description: Pick<EndpointDescription, 'method' | 'path'>): string {
  return `${description.method} ${description.path}`;
}

/** The description of `entry`, or `undefined` (reported) when it has no usable method or path. */
export function readOperation(entry: CatalogOperation, index: number, problems: Problems): EndpointDescription | undefined {
  const method = typeof entry.method === 'string' ? entry.method.toUpperCase() : '';
  const rawPath = typeof entry.path === 'string' ? entry.path.replace(/^\/+/, '') : '';
  const family = typeof entry.family === 'string' && FAMILIES.has(entry.family) ? (entry.family as ApiFamily) : undefined;
  const name = `${method || '?'} ${rawPath || `operations[${index}]`}`;
  if (!METHODS.has(method) || !rawPath) {
    problems.add(name, 'operation', `no usable method/path (${JSON.stringify(entry.method)} ${JSON.stringify(entry.path)}); skipped`);
    return undefined;
  }
  const path = family === 'v2' && !rawPath.startsWith('v2/') ? `v2/${rawPath}` : rawPath;
  const key = `${method} ${path}`;
  const report: Report = (where, issue) => problems.add(key, where, issue);
  if (!family) report('family', `unknown family ${JSON.stringify(entry.family)}; read as v3`);

  const parts = readParameters(entry, path, report);
  const [response, ...otherResponses] = readResponses(entry.responses, report);
  const official = typeof entry.name === 'string' ? entry.name : undefined;
  const description: Record<string, unknown> = {
    method: method as HttpMethod,
    path,
    summary: official ?? key,
    family: family ?? 'v3',
    ...(official ? { name: official } : {}),
    ...strings(entry, 'docs', report),
    ...list(entry, 'tags', report),
    ...list(entry, 'roles', report),
    ...(entry.deprecated === true ? { deprecated: true } : {}),
    ...strings(entry, 'updated', report),
    ...(typeof entry.base_uri === 'string' ? { baseUri: entry.base_uri } : {}),
    ...(typeof entry.php === 'string' && entry.php !== path ? { php: entry.php } : {}),
    ...list(entry, 'consumes', report),
    ...list(entry, 'produces', report),
    ...parts,
    response: response ?? { status: 200 },
    ...(otherResponses.length ? { otherResponses } : {}),
    errors: [],
  };
  if (!response) report('responses', 'no response described; read as an empty 200');
  return description as unknown as EndpointDescription;
}

type Parts = Partial<Record<'pathParams' | 'query' | 'headers' | 'body' | 'formData', Fields>>;

function readParameters(entry: CatalogOperation, path: string, report: Report): Parts {
  const parts: Record<string, Record<string, FieldSpec>> = {};
  const parameters = Array.isArray(entry.parameters) ? entry.parameters : [];
  if (!Array.isArray(entry.parameters)) report('parameters', 'not a list; read as none');
  const sensitiveQuery = new Set(Array.isArray(entry['is-sensitive']) ? entry['is-sensitive'] : []);
  for (const [index, parameter] of parameters.entries()) {
    if (!isRecord(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') {
      report(`parameters/${index}`, 'a parameter without a name or location; skipped');
      continue;
    }
    const { name, in: location } = parameter;
    if (location === 'body') {
      const body = readBody(parameter.schema, report);
      if (body) parts.body = { ...parts.body, ...body };
      continue;
    }
    const part = LOCATIONS[location as keyof typeof LOCATIONS];
    if (!part) {
      report(`parameters/${name}`, `unknown location \`${location}\`; skipped`);
      continue;
    }
    if (parameter.require !== undefined) report(`${location}/${name}`, '`require` read as `required`');
    const required = parameter.required === true || parameter.require === true || location === 'path';
    // Headers are text: the catalogue often leaves their type out.
    const schema = parameter.schema ?? (location === 'header' ? { type: 'string', ...parameter } : parameter);
    let field = readField(schema, `${location}/${name}`, report, required);
    if (sensitiveQuery.has(name) && field.type === 'string') field = { ...field, encrypted: true };
    (parts[part] ??= {})[name] = field;
  }
  // Every template variable is a path parameter, whether or not the entry lists it.
  for (const variable of templateVariables(path)) {
    if (parts.pathParams?.[variable]) continue;
    report(`path/${variable}`, 'a template variable the parameters do not describe; read as a required string');
    (parts.pathParams ??= {})[variable] = { required: true, type: 'string' };
  }
  for (const listed of Object.keys(parts.pathParams ?? {})) {
    if (!templateVariables(path).includes(listed)) report(`path/${listed}`, 'a path parameter the template does not contain');
  }
  return parts;
}

/** A body parameter's schema → the body's fields (the root must be an object). */
function readBody(schema: unknown, report: Report): Fields | undefined {
  const field = readField(schema, 'body', report);
  if (field.type !== 'object') {
    report('body', `the body is a ${field.type}, not an object; not described`);
    return undefined;
  }
  return field.properties ?? {};
}

function readResponses(responses: unknown, report: Report): ResponseDescription[] {
  if (!isRecord(responses)) return [];
  const statuses = Object.keys(responses)
    .map(Number)
    .filter((status) => Number.isInteger(status))
    .sort((a, b) => rank(a) - rank(b) || a - b);
  return statuses.map((status) => readResponse(status, responses[String(status)], report));
}

/** Successes first (2xx, then 3xx), then the rest. */
function rank(status: number): number {
  return status >= 200 && status < 300 ? 0 : status < 400 ? 1 : 2;
}

function readResponse(status: number, raw: unknown, report: Report): ResponseDescription {
  const where = `responses/${status}`;
  const response: Record<string, unknown> = { status };
  if (!isRecord(raw)) return response as unknown as ResponseDescription;
  if (isRecord(raw.schema) && Object.keys(raw.schema).length > 0) {
    const field = readField(raw.schema, where, report);
    if (field.type === 'object' && field.properties) response.body = field.properties;
    else if (field.type !== 'object') report(where, `the body is a ${field.type}, not an object; not described`);
  }
  if (isRecord(raw.headers)) {
    const headers: Record<string, FieldSpec> = {};
    for (const [name, header] of Object.entries(raw.headers)) headers[name] = readField(header, `${where}/headers/${name}`, report);
    response.headers = headers;
  }
  return response as unknown as ResponseDescription;
}

/** `{openid}`, `{+media_id}` → `openid`, `media_id`. */
export function templateVariables(path: string): string[] {
  return [...path.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap((match) => match[1]!.split(',').map((v) => v.replace(/[*]|:\d+$/g, '')));
}

function strings(entry: CatalogOperation, key: 'docs' | 'updated', report: Report): Record<string, string> {
  const value = entry[key];
  if (value === undefined) return {};
  if (typeof value !== 'string') {
    report(key, `not a string (${JSON.stringify(value)}); ignored`);
    return {};
  }
  return { [key]: value };
}

function list(entry: CatalogOperation, key: 'tags' | 'roles' | 'consumes' | 'produces', report: Report): Record<string, readonly string[]> {
  const value = entry[key];
  if (value === undefined) return {};
  const items = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  if (!Array.isArray(value) || items.length !== value.length) report(key, `not a list of strings (${JSON.stringify(value)}); kept what reads`);
  return items.length ? { [key]: items } : {};
}

