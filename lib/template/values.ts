/**
 * What kind of value a template variable or query entry holds, shared by `expand` and `buildQuery`.
 */

/** `{…}` literals and `Object.create(null)` maps: the associative arrays of PHP. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object with a `toString` of its own making (URL, a value class): PHP's `Stringable`. */
export function isStringable(value: unknown): value is { toString(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !isPlainObject(value) &&
    typeof (value as { toString?: unknown }).toString === 'function' &&
    (value as { toString: unknown }).toString !== Object.prototype.toString
  );
}

/** A short description of a value's type for error messages (never the value itself). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}

/**
 * PHP's `(string)` cast for the values that have one: strings, finite numbers, bigints, booleans
 * (`true` → '1'; `false` → `falseText`: '' for a cast, '0' in `http_build_query`) and Stringable
 * objects. Undefined for anything else, so each caller words its own error.
 */
export function scalarText(value: unknown, falseText: '' | '0'): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? '1' : falseText;
    case 'bigint':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    default:
      return isStringable(value) ? value.toString() : undefined;
  }
}
