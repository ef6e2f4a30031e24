/**
 * Reads one header out of whatever a server framework hands over, names compared without case:
 * Node's `IncomingMessage.headers` (lower-case keys, `string | string[]`), its flat `rawHeaders`
 * array, a WHATWG `Headers` (or anything with `get(name)`), a plain object written in any case,
 * a `Map` or an array of `[name, value]` pairs.
 */
import { InvalidArgumentException } from '../errors';

export type HeaderValue = string | number | readonly string[] | null | undefined;

/** Anything with a `get(name)`: WHATWG `Headers`, this package's `Headers`, a `Map` keyed by lower-case names. */
export interface HeaderGetter {
  get(name: string): HeaderValue;
}

export type IncomingHeaders =
  | Readonly<Record<string, HeaderValue>>
  | Iterable<readonly [string, HeaderValue]>
  | readonly string[]
  | HeaderGetter;

/** The first value of `name`, or undefined when absent. */
export type HeaderReader = (name: string) => string | undefined;

export function headerReader(headers: IncomingHeaders): HeaderReader {
  if (typeof headers !== 'object' || headers === null) {
    throw new InvalidArgumentException(`The notification's headers must be an object, a Headers or [name, value] pairs, got ${headers === null ? 'null' : typeof headers}.`);
  }
  if (Array.isArray(headers) && headers.every((item) => typeof item === 'string')) {
    return fromPairs(flatPairs(headers as readonly string[]));
  }
  // A Map is case-sensitive, so it is read like pairs; other getters (Headers) ignore case themselves.
  if (isGetter(headers) && !(headers instanceof Map)) {
    const getter = headers;
    return (name) => firstOf(getter.get(name));
  }
  if (Symbol.iterator in headers) return fromPairs(headers as Iterable<readonly [string, HeaderValue]>);
  return fromPairs(Object.entries(headers as Readonly<Record<string, HeaderValue>>));
}

function isGetter(headers: object): headers is HeaderGetter {
  return typeof (headers as { get?: unknown }).get === 'function';
}

function fromPairs(pairs: Iterable<readonly [string, HeaderValue]>): HeaderReader {
  const byName = new Map<string, string>();
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') {
      throw new InvalidArgumentException('The notification\'s headers must be [name, value] pairs when given as a list.');
    }
    const key = pair[0].toLowerCase();
    const value = firstOf(pair[1] as HeaderValue);
    if (value !== undefined && !byName.has(key)) byName.set(key, value);
  }
  return (name) => byName.get(name.toLowerCase());
}

/** Node's `rawHeaders`: `[name, value, name, value, …]`. */
function* flatPairs(list: readonly string[]): Iterable<readonly [string, string]> {
  for (let i = 0; i + 1 < list.length; i += 2) yield [list[i]!, list[i + 1]!];
}

function firstOf(value: HeaderValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.length > 0 ? value[0] : undefined;
}
