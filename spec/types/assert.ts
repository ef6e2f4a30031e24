/** Type-level assertions for the must-compile files: `expectType<Equal<A, B>>()` fails to compile unless A is B. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function expectType<T extends true>(): T | void {}
