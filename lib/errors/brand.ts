/**
 * The brand every error class of ours carries: a registry symbol listing the class and its branded
 * ancestors, so `instanceof` holds across two copies of this package (a bundled one and an installed one)
 * and for errors rebuilt on another thread.
 */
const BRAND = Symbol.for('wechatpay-ts.error');

type Branded = { [BRAND]?: readonly string[] };

function brandOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brand = (value as Branded)[BRAND];
  return Array.isArray(brand) ? brand : undefined;
}

/** Installs the brand on `error`: the names of its class and of every branded ancestor. */
export function stamp(error: Error, ctor: Function): void {
  const names: string[] = [];
  for (let c: unknown = ctor; typeof c === 'function' && c !== Error && c !== Object; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call(c, 'brandName')) names.push((c as unknown as { brandName: string }).brandName);
  }
  Object.defineProperty(error, BRAND, { value: Object.freeze(names), enumerable: false });
  Object.defineProperty(error, 'name', { value: ctor.name, enumerable: false, configurable: true, writable: true });
}

export function hasBrand(target: { brandName: string }, value: unknown): boolean {
  return brandOf(value)?.includes(target.brandName) ?? false;
}
