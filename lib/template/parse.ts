/**
 * RFC 6570 template grammar: a template is parsed once into literals and expressions and the
 * parsed form is cached, because the same template is expanded on every request.
 */
import { InvalidArgumentException } from '../errors';
import { encodeReserved } from './encode';

export type OperatorChar = '' | '+' | '#' | '.' | '/' | ';' | '?' | '&';

/** One row of the table in RFC 6570 appendix A. */
export interface Operator {
  readonly char: OperatorChar;
  readonly first: string;
  readonly separator: string;
  /** `;`, `?`, `&`: the variable name goes out with the value (`name=value`). */
  readonly named: boolean;
  /** What follows a name whose value is empty. */
  readonly ifEmpty: string;
  /** `+` and `#` keep reserved characters and `%XX` triplets. */
  readonly allowReserved: boolean;
  /** Forms path text, so strict expansion requires its variables; `?` and `&` stay optional. */
  readonly pathForming: boolean;
}

export interface VarSpec {
  readonly name: string;
  /** Max characters of a `:N` prefix modifier; 0 when there is none. */
  readonly prefix: number;
  readonly explode: boolean;
}

export interface Expression {
  readonly operator: Operator;
  readonly variables: readonly VarSpec[];
}

/** A literal (already encoded) or an expression. */
export type Part = string | Expression;

export interface ParsedTemplate {
  readonly parts: readonly Part[];
  /** Variable names in order of first use, deduplicated. */
  readonly names: readonly string[];
  /**
   * For a template whose every expression is a lone simple `{name}` (the usual API path): its literals
   * around the names, `literals[0] names[0] literals[1] … literals[n]`, so expansion is a join.
   */
  readonly simple: SimpleSkeleton | undefined;
}

export interface SimpleSkeleton {
  /** One more than `names`; the first and last may be ''. */
  readonly literals: readonly string[];
  /** In order of appearance (a name may repeat). */
  readonly names: readonly string[];
}

function operator(char: OperatorChar, first: string, separator: string, named: boolean, ifEmpty: string, allowReserved: boolean): Operator {
  return Object.freeze({ char, first, separator, named, ifEmpty, allowReserved, pathForming: char !== '?' && char !== '&' });
}

const OPERATORS: Readonly<Record<OperatorChar, Operator>> = {
  '': operator('', '', ',', false, '', false),
  '+': operator('+', '', ',', false, '', true),
  '#': operator('#', '#', ',', false, '', true),
  '.': operator('.', '.', '.', false, '', false),
  '/': operator('/', '/', '/', false, '', false),
  ';': operator(';', ';', ';', true, '', false),
  '?': operator('?', '?', '&', true, '=', false),
  '&': operator('&', '&', '&', true, '=', false),
};

// RFC 6570 §2.2: `=` `,` `!` `@` `|` are reserved for future extensions.
const RESERVED_OPERATORS = '=,!@|';
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*$/;
const MAX_PREFIX = 9999;

function malformed(template: string, reason: string): InvalidArgumentException {
  return new InvalidArgumentException(`The URI template \`${template}\` is malformed: ${reason}`);
}

function parseVarSpec(spec: string, expression: string, template: string): VarSpec {
  let name = spec;
  let prefix = 0;
  let explode = false;
  if (spec.endsWith('*')) {
    name = spec.slice(0, -1);
    explode = true;
  } else {
    const colon = spec.indexOf(':');
    if (colon >= 0) {
      name = spec.slice(0, colon);
      const digits = spec.slice(colon + 1);
      prefix = /^[1-9][0-9]*$/.test(digits) ? Number(digits) : 0;
      if (prefix < 1 || prefix > MAX_PREFIX) {
        throw malformed(template, `\`${expression}\` has the prefix \`:${digits}\`; a prefix is a whole number from 1 to ${MAX_PREFIX}`);
      }
    }
  }
  if (!VARNAME.test(name)) {
    throw malformed(template, `\`${expression}\` names the variable \`${name}\`; names are letters, digits, \`_\`, inner \`.\` and %XX`);
  }
  return { name, prefix, explode };
}

function parseExpression(body: string, template: string): Expression {
  const expression = `{${body}}`;
  if (body === '') throw malformed(template, '`{}` is an empty expression');
  const head = body[0] as string;
  if (RESERVED_OPERATORS.includes(head)) throw malformed(template, `\`${expression}\` uses \`${head}\`, an operator RFC 6570 reserves`);
  const op = head in OPERATORS ? OPERATORS[head as OperatorChar] : OPERATORS[''];
  const list = op.char === '' ? body : body.slice(1);
  const variables = list.split(',').map((spec) => parseVarSpec(spec, expression, template));
  return { operator: op, variables };
}

function parse(template: string): ParsedTemplate {
  const parts: Part[] = [];
  const names = new Set<string>();
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const literal = template.slice(at, open < 0 ? template.length : open);
    const stray = literal.indexOf('}');
    if (stray >= 0) throw malformed(template, `\`}\` at offset ${at + stray} closes no \`{\``);
    if (literal !== '') parts.push(encodeReserved(literal));
    if (open < 0) break;
    const close = template.indexOf('}', open + 1);
    if (close < 0) throw malformed(template, `\`{\` at offset ${open} is never closed`);
    const expression = parseExpression(template.slice(open + 1, close), template);
    for (const spec of expression.variables) names.add(spec.name);
    parts.push(expression);
    at = close + 1;
  }
  return Object.freeze({ parts: Object.freeze(parts), names: Object.freeze([...names]), simple: skeletonOf(parts) });
}

/** The skeleton of a template made of literals and lone `{name}` expressions; undefined for any other. */
function skeletonOf(parts: readonly Part[]): SimpleSkeleton | undefined {
  const literals = [''];
  const names: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      literals[literals.length - 1] += part;
      continue;
    }
    const [spec, ...more] = part.variables;
    if (part.operator.char !== '' || more.length > 0 || spec === undefined || spec.prefix > 0 || spec.explode) return undefined;
    names.push(spec.name);
    literals.push('');
  }
  return Object.freeze({ literals: Object.freeze(literals), names: Object.freeze(names) });
}

// Templates come from code (a few hundred endpoints), so a small bound only guards against
// templates built from data; the oldest entry makes room when it is reached.
const CACHE_LIMIT = 2048;
const cache = new Map<string, ParsedTemplate>();

/** The parsed form of `template`, from the cache when it has been seen. Throws on a malformed template. */
export function parseTemplate(template: string): ParsedTemplate {
  let parsed = cache.get(template);
  if (parsed === undefined) {
    parsed = parse(template);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(template, parsed);
  }
  return parsed;
}
