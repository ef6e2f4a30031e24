/**
 * How deep a JSON text nests, found by one pass over its characters (no parsing, no recursion).
 * A body nested thousands deep parses fine but overflows the stack of everything that walks it
 * afterwards (validation, `JSON.stringify` of the error that echoes it), so the sandbox measures
 * first and refuses what no WeChat Pay body needs.
 */

/** WeChat Pay's deepest documented request bodies nest about six levels; 32 leaves ample room. */
export const MAX_JSON_DEPTH = 32;

/** True when `text` opens more than `limit` arrays or objects inside one another. */
export function jsonNestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
