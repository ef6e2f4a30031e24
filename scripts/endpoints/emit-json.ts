/**
 * JSON the same bytes every run: objects keep the key order the readers built (fixed by code, not by
 * chance), one-space indentation, a final newline.
 */
export function emitJson(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}
