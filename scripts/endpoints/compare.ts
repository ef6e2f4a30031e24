/** Code-unit order, independent of the locale the generator runs under: the same bytes everywhere. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
