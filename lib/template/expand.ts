/**
 * RFC 6570 URI Template expansion, level 4 (operators `+ # . / ; ? &`, `:N` prefixes, `*` explode).
 *
 * Scalars follow PHP's guzzle/uri-template: `true` → `1`, `false` → `''`. Unlike it, `{+x}` and
 * `{#x}` keep `%XX` triplets (RFC 6570 exactly), so a pre-encoded media id is sent as written.
 */
import { InvalidArgumentException } from '../errors';
import { encodeReserved, encodeUnreserved } from './encode';
import { parseTemplate, type Expression, type Operator, type SimpleSkeleton, type VarSpec } from './parse';
import { describeValue, isPlainObject, scalarText } from './values';

export interface ExpandOptions {
  /**
   * Require the variables of path-forming expressions (operators none, `+`, `#`, `.`, `/`, `;`):
   * missing or null is an error instead of an empty expansion, so is a value that expands to nothing
   * (`''`, `false`, `[]`, `{}`, `['']`: an empty segment would send another path), and a `.`/`..` value
   * that would climb the path is refused. `{?x}` and `{&x}` stay optional.
   *
   * One empty value is allowed: `''` for a lone `{empty}` that ends the path after a `/`
   * (`…/applyment/{empty}`), the PHP IDE package's spelling of an operation whose path ends in `/`.
   */
  strict?: boolean;
}

interface Context {
  readonly template: string;
  readonly strict: boolean;
}

/** `…/applyment/{empty}` with `empty: ''` is `…/applyment/`, as the PHP IDE package writes trailing-slash paths. */
export const TRAILING_SLASH_VARIABLE = 'empty';

/** Operators whose empty expansion is an empty path segment (`;` still writes the name). */
function emptyIsASegment(op: Operator): boolean {
  return op.pathForming && !op.named;
}

function emptySegment(name: string, value: unknown, context: Context): InvalidArgumentException {
  return new InvalidArgumentException(
    `The path variable \`${name}\` of \`${context.template}\` is ${shortJson(value)}, which expands to an empty segment and would change the path`,
  );
}

function shortJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && text.length <= 40) return text;
  } catch {
    // circular: described below
  }
  return describeValue(value);
}

function valueText(value: unknown, name: string, context: Context): string {
  const text = scalarText(value, '');
  if (text !== undefined) return text;
  throw new InvalidArgumentException(
    `The URI template \`${context.template}\` cannot expand \`${name}\`: it is ${describeValue(value)}, not a string, number, boolean, list or object`,
  );
}

function encoder(op: Operator): (text: string) => string {
  return op.allowReserved ? encodeReserved : encodeUnreserved;
}

/** `.` and `..` are dot-segments: as a path segment they would move the request to another path. */
function guardDotSegment(text: string, name: string, op: Operator, context: Context): void {
  if (context.strict && (op.char === '' || op.char === '/') && (text === '.' || text === '..')) {
    throw new InvalidArgumentException(
      `The URI template \`${context.template}\` refuses \`${text}\` for \`${name}\`: it is a dot-segment that would change the path`,
    );
  }
}

/** The first `max` characters (code points, not UTF-16 units) of `text`. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count++ === max) break;
    out += char;
  }
  return out;
}

function expandScalar(text: string, spec: VarSpec, op: Operator, context: Context): string {
  guardDotSegment(text, spec.name, op, context);
  const value = spec.prefix > 0 ? truncate(text, spec.prefix) : text;
  if (!op.named) return encoder(op)(value);
  return value === '' ? spec.name + op.ifEmpty : `${spec.name}=${encoder(op)(value)}`;
}

function listItems(list: readonly unknown[], spec: VarSpec, op: Operator, context: Context): string[] {
  const items: string[] = [];
  for (const item of list) {
    if (item === undefined || item === null) continue;
    if (Array.isArray(item) || isPlainObject(item)) throw nested(spec.name, context);
    const text = valueText(item, spec.name, context);
    if (text === '' && context.strict && emptyIsASegment(op)) throw emptySegment(spec.name, list, context);
    guardDotSegment(text, spec.name, op, context);
    items.push(text);
  }
  return items;
}

function objectEntries(object: Record<string, unknown>, spec: VarSpec, context: Context): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [key, item] of Object.entries(object)) {
    if (item === undefined || item === null) continue;
    if (Array.isArray(item) || isPlainObject(item)) throw nested(spec.name, context);
    entries.push([key, valueText(item, spec.name, context)]);
  }
  return entries;
}

function nested(name: string, context: Context): InvalidArgumentException {
  return new InvalidArgumentException(
    `The URI template \`${context.template}\` cannot expand \`${name}\`: RFC 6570 has no form for lists or objects nested in a value`,
  );
}

/** Expands one composite (list or object) variable; undefined when it has no defined members. */
function expandComposite(value: readonly unknown[] | Record<string, unknown>, spec: VarSpec, op: Operator, context: Context): string | undefined {
  if (spec.prefix > 0) {
    throw new InvalidArgumentException(
      `The URI template \`${context.template}\` cannot apply \`:${spec.prefix}\` to \`${spec.name}\`: a prefix applies to strings only, not to lists or objects`,
    );
  }
  const encode = encoder(op);
  if (Array.isArray(value)) {
    const items = listItems(value, spec, op, context);
    if (items.length === 0) return undefined;
    if (!spec.explode) return (op.named ? `${spec.name}=` : '') + items.map(encode).join(',');
    if (!op.named) return items.map(encode).join(op.separator);
    return items.map((item) => (item === '' ? spec.name + op.ifEmpty : `${spec.name}=${encode(item)}`)).join(op.separator);
  }
  const entries = objectEntries(value as Record<string, unknown>, spec, context);
  if (entries.length === 0) return undefined;
  if (!spec.explode) return (op.named ? `${spec.name}=` : '') + entries.map(([key, item]) => `${encode(key)},${encode(item)}`).join(',');
  return entries
    .map(([key, item]) => (op.named && item === '' ? encode(key) + op.ifEmpty : `${encode(key)}=${encode(item)}`))
    .join(op.separator);
}

/** `endsPath`: the expression is the last thing in the path, right after a `/` (the trailing-slash idiom). */
function expandExpression(expression: Expression, variables: Record<string, unknown>, context: Context, endsPath: boolean): string {
  const op = expression.operator;
  let out = '';
  let first = true;
  for (const spec of expression.variables) {
    // Own properties only: `{constructor}` must not find Object.prototype.constructor.
    const value = Object.hasOwn(variables, spec.name) ? variables[spec.name] : undefined;
    if (value === undefined || value === null) {
      if (context.strict && op.pathForming) {
        throw new InvalidArgumentException(
          `The URI template \`${context.template}\` needs \`${spec.name}\`, but the options have none (or it is null)`,
        );
      }
      continue;
    }
    const piece =
      Array.isArray(value) || isPlainObject(value)
        ? expandComposite(value, spec, op, context)
        : expandScalar(valueText(value, spec.name, context), spec, op, context);
    if (context.strict && emptyIsASegment(op) && (piece === undefined || piece === '')) {
      const trailingSlashIdiom = value === '' && spec.name === TRAILING_SLASH_VARIABLE && endsPath && op.char === '' && expression.variables.length === 1;
      if (!trailingSlashIdiom) throw emptySegment(spec.name, value, context);
    }
    if (piece === undefined) continue;
    out += (first ? op.first : op.separator) + piece;
    first = false;
  }
  return out;
}

/**
 * The usual case in one join: a template of lone `{name}` expressions whose values are all strings that
 * expand as they are encoded, in strict mode and out of it (not empty, not a dot-segment). Undefined for
 * any other value, which the general expansion then handles, errors included.
 */
export function joinSimple({ literals, names }: SimpleSkeleton, variables: Record<string, unknown>): string | undefined {
  let out = literals[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') return undefined;
    out += encodeUnreserved(value) + literals[i + 1]!;
  }
  return out;
}

/**
 * Expands `template` with `variables`.
 *
 * @example expand('v3/ecommerce/individual-contracts/{openid}', { openid: 'o 用户' }, { strict: true })
 *          // 'v3/ecommerce/individual-contracts/o%20%E7%94%A8%E6%88%B7'
 * @throws InvalidArgumentException for a malformed template, a value with no URI form, and in
 *         strict mode a missing path variable.
 */
export function expand(template: string, variables: Record<string, unknown>, options?: ExpandOptions): string {
  const { parts, simple } = parseTemplate(template);
  const joined = simple === undefined ? undefined : joinSimple(simple, variables);
  if (joined !== undefined) return joined;
  const context: Context = { template, strict: options?.strict === true };
  let out = '';
  parts.forEach((part, i) => {
    if (typeof part === 'string') {
      out += part;
      return;
    }
    const before = parts[i - 1];
    const after = parts[i + 1];
    const endsPath = typeof before === 'string' && before.endsWith('/') && (after === undefined || (typeof after === 'string' && /^[?#]/.test(after)));
    out += expandExpression(part, variables, context, endsPath);
  });
  return out;
}
