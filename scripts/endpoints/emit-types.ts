/**
 * The generated types: `Operations` (per template and method, the parts a call takes and the response
 * it answers) and `Trie` (per chain node, its children by the property names a caller writes), so the
 * checker reads the typed chain off plain interfaces instead of computing it from strings.
 */
import { normalizeSegment } from '../../lib/builder/normalize';
import { ASYNC_VERBS, NEVER_SEGMENTS, SYNC_VERBS } from '../../lib/builder/reserved';
import type { EndpointDescription } from '../../lib/endpoints/types';
import { compare } from './compare';
import { spellings, type Spelling } from './templates';
import { docText, fieldsType, literal, propertyKey } from './type-text';

/** APIv2 fields the client fills in (nonce, signature) or defaults (MD5): optional in `xml`. */
const FILLED_BY_CLIENT = new Set(['sign', 'nonce_str', 'sign_type']);
/** Names a node answers itself, so they never name a segment. */
const OWN_MEMBERS = new Set<string>([...SYNC_VERBS, ...ASYNC_VERBS, ...NEVER_SEGMENTS, 'chain', 'getDriver', 'pathname']);

export function emitOperationTypes(operations: readonly EndpointDescription[], banner: string): string {
  const byTemplate = groupBy(spellings(operations), (s) => s.template);
  const entries = [...byTemplate.keys()].sort(compare).map((template) => {
    const methods = byTemplate.get(template)!.sort((a, b) => compare(a.operation.method, b.operation.method));
    return `  ${literal(template)}: {\n${methods.map(operationType).join('\n')}\n  };`;
  });
  return interfaceFile(banner, 'Every catalogued operation by URI template (each spelling) and method: what a call takes, what it answers.', 'Operations', entries);
}

function operationType({ operation, pathParams }: Spelling): string {
  const indent = '      ';
  const encoding = operation.family === 'v2' && !operation.formData ? 'xml' : operation.formData ? 'multipart' : 'json';
  const part = (fields: EndpointDescription['query'], filled?: ReadonlySet<string>): string =>
    fields ? fieldsType(fields, { input: true, filledByClient: filled }, indent) : 'never';
  const response = operation.response.body && !operation.response.contentType ? fieldsType(operation.response.body, { input: false }, indent) : 'unknown';
  return [
    jsdoc(operationDoc(operation), '    '),
    `    ${operation.method}: {`,
    `${indent}parameters: ${Object.keys(pathParams).length ? part(pathParams) : 'never'};`,
    `${indent}query: ${part(operation.query)};`,
    `${indent}body: ${part(operation.body, encoding === 'xml' ? FILLED_BY_CLIENT : undefined)};`,
    `${indent}encoding: '${encoding}';`,
    `${indent}response: ${response};`,
    '    };',
  ].join('\n');
}

function operationDoc(operation: EndpointDescription): string[] {
  const lines = [`${docText(operation.name ?? operation.summary)}${operation.tags?.length ? ` (${docText(operation.tags.join(', '))})` : ''}`];
  if (operation.docs) lines.push(`@see ${docText(operation.docs)}`);
  if (operation.deprecated) lines.push('@deprecated WeChat Pay marks this operation deprecated.');
  return lines;
}

/** A generated file holding one exported interface. */
function interfaceFile(banner: string, doc: string, name: string, members: readonly string[]): string {
  return [`/** ${banner} */`, '', `/** ${doc} */`, `export interface ${name} {`, ...members, '}', ''].join('\n');
}

/** A JSDoc comment at `indent`: one line when it fits on one. */
function jsdoc(lines: readonly string[], indent: string): string {
  return lines.length === 1 ? `${indent}/** ${lines[0]} */` : `${indent}/**\n${lines.map((line) => `${indent} * ${line}`).join('\n')}\n${indent} */`;
}

interface TrieNode {
  readonly path: string;
  /** property name → child path */
  readonly children: Map<string, string>;
}

export function emitTrieTypes(operations: readonly EndpointDescription[], banner: string): string {
  const all = spellings(operations);
  const nodes = new Map<string, TrieNode>([['', { path: '', children: new Map() }]]);
  for (const { template } of all) {
    const segments = template.split('/');
    let parent = nodes.get('')!;
    segments.forEach((segment, index) => {
      const path = segments.slice(0, index + 1).join('/');
      if (!nodes.has(path)) nodes.set(path, { path, children: new Map() });
      for (const name of propertyNames(segment)) parent.children.set(name, path);
      parent = nodes.get(path)!;
    });
  }
  const byTemplate = groupBy(all, (s) => s.template);
  const below = operationsBelow(all);
  const body = [...nodes.keys()].sort(compare).map((path) => {
    const { children } = nodes.get(path)!;
    if (children.size === 0) return `  ${literal(path)}: {};`;
    const members = [...children.keys()].sort(compare).map((name) => {
      const child = children.get(name)!;
      return `${jsdoc(nodeDoc(child, byTemplate.get(child), below.get(child) ?? []), '    ')}\n    ${propertyKey(name)}: ${literal(child)};`;
    });
    return `  ${literal(path)}: {\n${members.join('\n')}\n  };`;
  });
  return interfaceFile(banner, "Every node of the typed chain by its URI template (`''` is the root): its children by property name → their templates.", 'Trie', body);
}

/** The property names that reach `segment` at run time: `_x_`/`$x$` for `{x}`, the camelCase of a dashed segment. */
export function propertyNames(segment: string): string[] {
  const variable = /^\{([A-Za-z_][\w]*)\}$/.exec(segment);
  const candidates = variable ? [`_${variable[1]}_`, `$${variable[1]}$`] : [segment.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
  return candidates.filter((name) => !OWN_MEMBERS.has(name) && !/[/{}?]/.test(name) && name !== '' && normalizeSegment(name) === segment);
}

function nodeDoc(path: string, here: readonly Spelling[] | undefined, below: readonly EndpointDescription[]): string[] {
  const lines: string[] = [];
  for (const { operation } of here ?? []) {
    lines.push(`\`${operation.method}\` ${docText(operation.name ?? operation.summary)}${operation.deprecated ? ' (deprecated)' : ''}${operation.docs ? ` — ${docText(operation.docs)}` : ''}`);
  }
  const deeper = below.filter((operation) => !here?.some((s) => s.operation === operation));
  if (deeper.length) {
    const areas = [...new Set(deeper.flatMap((operation) => operation.tags ?? []))].sort(compare);
    const shown = areas.slice(0, 4).join(', ') + (areas.length > 4 ? ', …' : '');
    lines.push(`${deeper.length} operation${deeper.length === 1 ? '' : 's'} under \`${docText(path)}/…\`${areas.length ? `: ${docText(shown)}` : ''}`);
  }
  return lines;
}

/** For each node path, the distinct operations at or below it. */
function operationsBelow(all: readonly Spelling[]): Map<string, EndpointDescription[]> {
  const out = new Map<string, Set<EndpointDescription>>();
  for (const { template, operation } of all) {
    const segments = template.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const path = segments.slice(0, i).join('/');
      if (!out.has(path)) out.set(path, new Set());
      out.get(path)!.add(operation);
    }
  }
  return new Map([...out].map(([path, set]) => [path, [...set]]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(item);
  }
  return out;
}
