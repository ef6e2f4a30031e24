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
  switch (spec.type as FieldSpec['type'] | 'number') {
    case 'object': {
      if (spec.type !== 'object') return undefined;
      return objectOf(spec.properties ?? {}, isRecord(echoed) ? echoed : undefined, pointer, context);
    }
    case 'array': {
      if (spec.type !== 'array') return undefined;
      const given = Array.isArray(echoed) ? echoed : [];
      const count = Math.min(Math.max(given.length, spec.minItems ?? 1, 1), spec.maxItems ?? Infinity);
      return Array.from({ length: count }, (_, index) => valueOf(spec.items, name, given[index], `${pointer}/${index}`, context));
    }
    default: {
      const plain = plainSpec(spec);
      const chosen = [echoOf(echoed, name, plain, context), exampleOf(spec)].find((candidate) => candidate !== undefined && satisfies(plain, candidate));
      const value = chosen ?? madeUp(plain, name, digest(context.seed, pointer), context);
      return spec.type === 'string' && spec.encrypted && typeof value === 'string' ? context.encrypt(value) : value;
    }
  }
}

/**
 * The request's value for this name, in the reply's type (a query or APIv2 field is text: `"10"`
 * answers an integer field as 10); a `mchid` nobody named is the signer's.
 */
function echoOf(echoed: unknown, name: string, spec: FieldSpec, context: SynthesisContext): unknown {
  if (echoed === undefined || echoed === null || typeof echoed === 'object') return name === 'mchid' ? context.mchid : undefined;
  const type = spec.type as string;
  if ((type === 'integer' || type === 'number') && typeof echoed === 'string' && /^-?\d+(\.\d+)?$/.test(echoed)) return Number(echoed);
  if (type === 'string' && typeof echoed === 'number') return String(echoed);
  return echoed;
}

function exampleOf(spec: FieldSpec): unknown {
  return (spec as { readonly example?: unknown }).example;
}

/** A value of the field's type from `hash` (32 bytes), within its enum, range, length and format. */
function madeUp(spec: FieldSpec, name: string, hash: Buffer, context: SynthesisContext): unknown {
  const n = hash.readUInt32BE(0);
  switch (spec.type as FieldSpec['type'] | 'number') {
    case 'boolean':
      return (n & 1) === 1;
    case 'integer':
    case 'number': {
      const { minimum, maximum } = spec as { minimum?: number; maximum?: number };
      const low = Math.ceil(minimum ?? 1);
      const high = Math.floor(maximum ?? Math.max(low, 0) + 9_999);
      return high < low ? low : low + (n % (high - low + 1));
    }
    case 'string':
      return stringOf(spec as StringField, name, hash, context);
    default:
      return hash.toString('hex').slice(0, 16);
  }
}

/** 2026-01-01T00:00:00+08:00, the start of the window made-up times fall in (one year wide). */
const EPOCH_2026_CST = Date.UTC(2025, 11, 31, 16);
const YEAR_SECONDS = 365 * 24 * 3600;

function stringOf(spec: StringField, name: string, hash: Buffer, context: SynthesisContext): string {
  const n = hash.readUInt32BE(0);
  if (spec.enum && spec.enum.length > 0) {
    // Community data sometimes gives an enum longer values than its own maxLength allows: prefer one that fits.
    const start = n % spec.enum.length;
    const rotated = [...spec.enum.slice(start), ...spec.enum.slice(0, start)];
    return rotated.find((value) => satisfies(spec, value)) ?? rotated[0]!;
  }
  const format = spec.format as string | undefined;
  if (format === 'date-time' || format === 'rfc3339') return rfc3339(EPOCH_2026_CST + (n % YEAR_SECONDS) * 1000);
  if (format === 'date') return beijingDate(EPOCH_2026_CST + (n % YEAR_SECONDS) * 1000);
  if (format === 'uri' || format === 'url' || /_url$/.test(name)) return fit(`https://sandbox.wechatpay.local/${hash.toString('hex').slice(0, 12)}`, spec, hash);
  if (/mchid$|mch_id$/.test(name)) return fit(/^sub_/.test(name) ? `19${String(n).padStart(8, '0').slice(-8)}` : context.mchid, spec, hash);
  if (/appid$/.test(name)) return fit(`wx${hash.toString('hex').slice(0, 16)}`, spec, hash);
  if (/(_id|_no|_code)$/.test(name)) return fit(digits(hash, 28), spec, hash);
  return fit(hash.toString('hex').toUpperCase(), spec, hash);
}

/** `text` trimmed or padded (with more of `hash`) into the field's length limits, then its pattern. */
function fit(text: string, spec: StringField, hash: Buffer): string {
  const min = spec.minLength ?? 0;
  const max = spec.maxLength ?? Math.max(min, 32);
  let value = text;
  while ([...value].length < min) value += digits(hash, min);
  value = [...value].slice(0, max).join('');
  if (spec.pattern && !satisfies(spec, value)) {
    // The catalogue's few patterns are digit runs (`\d{8}|\d{14}`, dates); a digit string of a tried length usually fits.
    const tries = [min, max, 8, 14, 32].filter((size) => size > 0 && size <= max).map((size) => digits(hash, size));
    return tries.find((candidate) => satisfies(spec, candidate)) ?? value;
  }
  return value;
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
