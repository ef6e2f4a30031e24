/**
 * Builds a reply body that satisfies a described schema, for the operations that have no
 * hand-written handler. Every value is a pure function of the request's seed and the field's JSON
 * pointer, so the same request always gets the same answer. In order of preference a field takes:
 * the value the request named under the same name (identifiers such as `out_trade_no`, `mchid`,
 * `sub_mchid` are echoed), then the catalogue's example, then a value made up to fit the type,
 * enum, length, range and format. Whatever is chosen is checked against the field before use.
 */
import { createHash } from 'node:crypto';
import type { FieldSpec, Fields, StringField } from '../endpoints/types';
import { beijingDate, rfc3339 } from './ids';
import { plainSpec, satisfies } from './validation';

export interface SynthesisContext {
  /** A digest of the request (method, path, query, body with sensitive fields in plain text). */
  readonly seed: string;
  /** The merchant that signed the request: a response `mchid` nobody named is theirs. */
  readonly mchid: string;
  /** Encrypts a sensitive response field for the merchant (WeChat Pay uses the merchant certificate's key). */
  readonly encrypt: (plain: string) => string;
}

/** A source of values to echo: the request's fields at the same depth as the reply's. */
type Echo = Readonly<Record<string, unknown>> | undefined;

/** A body for `fields`, echoing `echo` (the request's path, query and body merged). */
export function synthesize(fields: Fields, echo: Echo, context: SynthesisContext): Record<string, unknown> {
  return objectOf(fields, echo, '', context);
}

function objectOf(fields: Fields, echo: Echo, pointer: string, context: SynthesisContext): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const value = valueOf(spec, name, echo?.[name], `${pointer}/${name}`, context);
    if (value !== undefined) body[name] = value;
  }
  return body;
}

function valueOf(spec: FieldSpec, name: string, echoed: unknown, pointer: string, context: SynthesisContext): unknown {
  if (spec.type === 'object') return objectOf(spec.properties ?? {}, isRecord(echoed) ? echoed : undefined, pointer, context);
  if (spec.type === 'array') {
    const given = Array.isArray(echoed) ? echoed : [];
    const count = Math.min(Math.max(given.length, spec.minItems ?? 1, 1), spec.maxItems ?? Infinity);
    return Array.from({ length: count }, (_, index) => valueOf(spec.items, name, given[index], `${pointer}/${index}`, context));
  }
  const plain = plainSpec(spec);
  const chosen = [echoOf(echoed, name, plain, context), spec.example].find((candidate) => candidate !== undefined && satisfies(plain, candidate));
  const value = chosen ?? madeUp(plain, name, digest(context.seed, pointer), context);
  return spec.type === 'string' && spec.encrypted && typeof value === 'string' ? context.encrypt(value) : value;
}

/**
 * The request's value for this name, in the reply's type (a query or APIv2 field is text: `"10"`
 * answers an integer field as 10); a `mchid` nobody named is the signer's.
 */
function echoOf(echoed: unknown, name: string, spec: FieldSpec, context: SynthesisContext): unknown {
  if (echoed === undefined || echoed === null || typeof echoed === 'object') return name === 'mchid' ? context.mchid : undefined;
  if ((spec.type === 'integer' || spec.type === 'number') && typeof echoed === 'string' && /^-?\d+(\.\d+)?$/.test(echoed)) return Number(echoed);
  if (spec.type === 'string' && typeof echoed === 'number') return String(echoed);
  return echoed;
}

/** A value of the field's type from `hash` (32 bytes), within its enum, range, length and format. */
function madeUp(spec: FieldSpec, name: string, hash: Buffer, context: SynthesisContext): unknown {
  const n = hash.readUInt32BE(0);
  switch (spec.type) {
    case 'boolean':
      return (n & 1) === 1;
    case 'integer':
    case 'number': {
      if (spec.enum && spec.enum.length > 0) return spec.enum[n % spec.enum.length];
      const low = Math.ceil(spec.minimum ?? 1);
      const high = Math.floor(spec.maximum ?? Math.max(low, 0) + 9_999);
      return high < low ? low : low + (n % (high - low + 1));
    }
    case 'string':
      return stringOf(spec, name, hash, context);
    default:
      return hash.toString('hex').slice(0, 16);
  }
}

/** 2026-01-01T00:00:00+08:00, the start of the window made-up times fall in (one year wide). */
const EPOCH_2026_CST = Date.UTC(2025, 11, 31, 16);
const YEAR_SECONDS = 365 * 24 * 3600;

function stringOf(spec: StringField, name: string, hash: Buffer, context: SynthesisContext): string {
  const n = hash.readUInt32BE(0);
  if (spec.enum && spec.enum.length > 0) return spec.enum[n % spec.enum.length]!;
  const instant = EPOCH_2026_CST + (n % YEAR_SECONDS) * 1000;
  if (spec.format === 'date-time') return rfc3339(instant);
  if (spec.format === 'date') return beijingDate(instant);
  if (spec.format === 'json-object') return '{}';
  if (spec.format === 'json-array') return '[]';
  if (spec.pattern) return fromPattern(spec.pattern, hash) ?? fit(hash.toString('hex'), spec, hash);
  if (spec.format === 'uri' || spec.format === 'media-url' || /_url$/.test(name)) {
    return fit(`https://sandbox.wechatpay.local/${hash.toString('hex').slice(0, 12)}`, spec, hash);
  }
  if (/mchid$|mch_id$/.test(name)) return fit(/^sub_/.test(name) ? `19${digits(hash, 8)}` : context.mchid, spec, hash);
  if (/appid$/.test(name)) return fit(`wx${hash.toString('hex').slice(0, 16)}`, spec, hash);
  if (/(_id|_no|_code)$/.test(name)) return fit(digits(hash, 28), spec, hash);
  return fit(hash.toString('hex').toUpperCase(), spec, hash);
}

/** `text` trimmed or padded (with more of `hash`) into the field's length limits. */
function fit(text: string, spec: StringField, hash: Buffer): string {
  const min = spec.minLength ?? 0;
  const max = spec.maxLength ?? Math.max(min, 32);
  let value = text;
  while ([...value].length < min) value += digits(hash, min);
  return [...value].slice(0, max).join('');
}

/**
 * A string matching a description's pattern, for the simple shapes descriptions use: literals,
 * classes (`[0-9A-Z]`, `\d`, `\w`), groups with alternatives (the first is taken), and the
 * quantifiers `{n}`, `{n,m}`, `?`, `*`, `+`. `undefined` for anything fancier, or a result that
 * does not match after all.
 */
export function fromPattern(source: string, hash: Buffer): string | undefined {
  const bare = (/^\/(.*)\/$/.exec(source)?.[1] ?? source).replace(/^\^/, '').replace(/\$$/, '');
  let at = 0;
  let pick = 0;
  const choose = (chars: string): string => chars[hash[pick++ % hash.length]! % chars.length]!;
  const atom = (): (() => string) | undefined => {
    const char = bare[at++];
    if (char === undefined) return undefined;
    if (char === '\\') {
      const escaped = bare[at++]!;
      const classes: Record<string, string> = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyz0123456789', s: ' ' };
      const chars = classes[escaped] ?? escaped;
      return () => choose(chars);
    }
    if (char === '[') {
      const end = bare.indexOf(']', at + 1);
      if (end === -1 || bare[at] === '^') return undefined;
      const chars = expandClass(bare.slice(at, end));
      at = end + 1;
      return () => choose(chars);
    }
    if (char === '(') {
      let depth = 1;
      const start = at;
      while (at < bare.length && depth > 0) {
        if (bare[at] === '\\') at++;
        else if (bare[at] === '(') depth++;
        else if (bare[at] === ')') depth--;
        at++;
      }
      const inner = bare.slice(start, at - 1).replace(/^\?:/, '');
      const first = splitAlternatives(inner)[0] ?? '';
      return () => fromPattern(first, hash.subarray(pick++ % 8)) ?? '';
    }
    if ('|)*+?{.^$'.includes(char)) return char === '.' ? () => choose('abcdefghij') : undefined;
    return () => char;
  };
  let out = '';
  while (at < bare.length) {
    if (bare[at] === '|') break; // top-level alternatives: the first one
    const next = atom();
    if (!next) return undefined;
    let [low, high] = [1, 1];
    const quantifier = /^(\{(\d+)(?:,(\d*))?\}|\?|\*|\+)/.exec(bare.slice(at));
    if (quantifier) {
      at += quantifier[0].length;
      if (quantifier[2] !== undefined) [low, high] = [Number(quantifier[2]), quantifier[3] === undefined ? Number(quantifier[2]) : quantifier[3] === '' ? Number(quantifier[2]) + 3 : Number(quantifier[3])];
      else [low, high] = quantifier[0] === '?' ? [0, 1] : quantifier[0] === '*' ? [0, 3] : [1, 4];
    }
    const count = Math.min(Math.max(low, Math.min(high, low + 2)), 64);
    for (let index = 0; index < count; index++) out += next();
  }
  try {
    return new RegExp(`^(?:${bare})$`).test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function expandClass(body: string): string {
  let chars = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === '\\') {
      const escaped = body[++index]!;
      chars += escaped === 'd' ? '0123456789' : escaped === 'w' ? 'abc123' : escaped;
    } else if (body[index + 1] === '-' && body[index + 2] !== undefined && body[index + 2] !== ']') {
      for (let code = char.charCodeAt(0); code <= body.charCodeAt(index + 2); code++) chars += String.fromCharCode(code);
      index += 2;
    } else {
      chars += char;
    }
  }
  return chars || 'a';
}

function splitAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === '|' && depth === 0) {
      parts.push(source.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** `size` decimal digits drawn from `hash`, repeating it as needed. */
function digits(hash: Buffer, size: number): string {
  let out = '';
  for (let index = 0; out.length < size; index++) out += String(hash[index % hash.length]! % 10);
  return out;
}

function digest(seed: string, pointer: string): Buffer {
  return createHash('sha256').update(seed).update('\0').update(pointer).digest();
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
