/**
 * The spellings a caller may use for each operation: its real template and wechatpay-php's (`{empty}`
 * for a trailing slash, a variable for a segment with capitals), each with the path variables it needs.
 * The first operation of a method and spelling wins (the Hong Kong host repeats `GET v3/certificates`).
 */
import type { EndpointDescription, Fields } from '../../lib/endpoints/types';
import { templateVariables } from './operation';

export interface Spelling {
  readonly template: string;
  readonly operation: EndpointDescription;
  /** Path variables, with the literal value a PHP spelling's extra variable must hold. */
  readonly pathParams: Fields;
  readonly literals: Readonly<Record<string, string>>;
}

export function spellings(operations: readonly EndpointDescription[]): Spelling[] {
  const seen = new Set<string>();
  const out: Spelling[] = [];
  const add = (spelling: Spelling): void => {
    const key = `${spelling.operation.method} ${spelling.template}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(spelling);
  };
  for (const operation of operations) {
    add({ template: operation.path, operation, pathParams: operation.pathParams ?? {}, literals: {} });
    if (operation.php) add(phpSpelling(operation, operation.php));
  }
  return out;
}

/** `v2/secapi/mch/{addinstitutionsub}` for `v2/secapi/mch/addInstitutionsub`: the variable holds the segment. */
function phpSpelling(operation: EndpointDescription, php: string): Spelling {
  const real = operation.path.split('/');
  const own = new Set(templateVariables(operation.path));
  const literals: Record<string, string> = {};
  php.split('/').forEach((segment, index) => {
    const [variable] = templateVariables(segment);
    if (variable && !own.has(variable) && segment === `{${variable}}`) literals[variable] = real[index] ?? '';
  });
  const pathParams: Record<string, Fields[string]> = { ...operation.pathParams };
  for (const [name, value] of Object.entries(literals)) pathParams[name] = { type: 'string', required: true, enum: [value] };
  return { template: php, operation, pathParams, literals };
}
