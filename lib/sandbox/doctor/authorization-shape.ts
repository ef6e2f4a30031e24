/**
 * Names the part of a malformed `Authorization` header: the scheme, a field that is missing, doubled,
 * unknown, empty or unquoted, a stray space. The check itself only says "format error"; this says where.
 */
import { SCHEME } from '../authorization';

const FIELDS = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'] as const;

const quote = (text: string, max = 40): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Words for what is wrong with the header's shape, or `undefined` when its shape is right. */
export function authorizationShapeFault(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return 'No Authorization header arrived: every APIv3 request must carry one.';
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme !== SCHEME) {
    if (scheme.toUpperCase() === SCHEME) return `The scheme is written ${quote(scheme)}: it must be ${SCHEME} in capitals.`;
    if (header.startsWith(SCHEME)) return `The scheme ${SCHEME} must be followed by exactly one space, then the fields.`;
    return `The Authorization scheme is ${quote(scheme)}: it must be ${SCHEME}, then one space, then mchid, nonce_str, timestamp, serial_no and signature.`;
  }
  const rest = header.slice(space + 1);
  if (rest.startsWith(' ')) return `More than one space follows ${SCHEME}: exactly one separates the scheme from the fields.`;
  const seen = new Set<string>();
  for (const [index, pair] of rest.split(',').entries()) {
    if (/^\s/.test(pair)) return `Field ${index + 1} (${quote(pair.trim())}) starts with a space: the fields are separated by a comma alone, no space.`;
    const equals = pair.indexOf('=');
    if (equals === -1) return `Field ${index + 1} (${quote(pair)}) has no '=': each field is name="value".`;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (!(FIELDS as readonly string[]).includes(name)) {
      return `Unknown field ${quote(name)} in Authorization: the fields are ${FIELDS.join(', ')} (lower case).`;
    }
    if (seen.has(name)) return `The field ${name} appears twice in Authorization.`;
    seen.add(name);
    if (!/^"[^"]*"$/.test(value)) return `The value of ${name} must be in double quotes: ${name}="…", got ${quote(value)}. (A comma inside a value also breaks the header apart.)`;
    if (value === '""') return `The field ${name} is empty.`;
  }
  const missing = FIELDS.filter((name) => !seen.has(name));
  if (missing.length > 0) return `Authorization lacks ${missing.join(', ')}: it needs all of ${FIELDS.join(', ')}.`;
  return undefined;
}
