/**
 * How an expanded template splits into protocol, path and query, and what the literals of a template's
 * skeleton decide of it once for every request (prepare-request.ts). A skeleton's expansion is its literals
 * around values made of unreserved characters and %XX triplets only (expand.ts's join, which also refuses
 * `''`, `.` and `..`): a `?`, `#`, `/`, `\`, `:` or white space there comes from the literals.
 */
import { InvalidArgumentException } from '../errors';
import type { SimpleSkeleton } from '../template/parse';

export type Protocol = 'v2' | 'v3';

export const V2_PREFIX = /^v2\//i;

/** A relative reference whose first segment is plain (not `/…`, `\\…`, `?…`, `#…`, no scheme, no white space). */
export const PLAIN_RELATIVE = /^[^/\\?#:\s][^/\\?#:]*(?:[/\\?#]|$)/;

/** A `.` or `..` segment (`%2e` spelled too), which URL parsing would resolve away. */
const DOT_SEGMENT = /(?:^|\/)((?:\.|%2e){1,2})(?:\/|$)/i;

/** A value of `.` or `..` would be resolved away by URL parsing and move the request to another path. */
export function refuseDotSegments(path: string, template: string): void {
  const dot = DOT_SEGMENT.exec(path);
  if (dot) {
    throw new InvalidArgumentException(`The path \`${path}\` (from \`${template}\`) has a \`${dot[1]}\` segment, which would change the path. Check the path variables.`);
  }
}

/** What a skeleton's literals decide for every expansion made by its join. */
export interface PathShape {
  /** The protocol: the first literal holds all of the `v2/` test. */
  readonly protocol: Protocol;
  /**
   * The expansion (after `v2/` for APIv2) is the path itself: no `?` or `#` in the literals, every name fills
   * a whole segment (and a value is never `.` or `..`), no literal segment is a dot-segment.
   */
  readonly wholePath: boolean;
  /** PLAIN_RELATIVE's answer for the path when the first literal holds the first segment; undefined when a value is in it. */
  readonly plainFirstSegment: boolean | undefined;
}

const shapes = new WeakMap<SimpleSkeleton, PathShape | null>();

/** The skeleton's shape (null when its first literal is too short to decide the protocol), worked out once per skeleton. */
export function pathShapeOf(skeleton: SimpleSkeleton): PathShape | null {
  let shape = shapes.get(skeleton);
  if (shape === undefined) shapes.set(skeleton, (shape = shapeOf(skeleton)));
  return shape;
}

function shapeOf({ literals }: SimpleSkeleton): PathShape | null {
  const first = literals[0]!;
  if (first.length < 3) return null;
  const protocol: Protocol = V2_PREFIX.test(first) ? 'v2' : 'v3';
  // The literals of the path, the `v2/` prefix aside; a value goes between each two.
  const pieces = [protocol === 'v2' ? first.slice(3) : first, ...literals.slice(1)];
  const last = pieces.length - 1;
  // Every value fills a whole segment: the literal after it starts one (or is the empty end of the template),
  // and the literal before it ends one (or is the empty start).
  const afterValue = (piece: string, i: number) => i === 0 || piece.startsWith('/') || (piece === '' && i === last);
  const beforeValue = (piece: string, i: number) => i === last || piece.endsWith('/') || (piece === '' && i === 0);
  const wholeSegments = pieces.every((piece, i) => afterValue(piece, i) && beforeValue(piece, i));
  const wholePath = wholeSegments && pieces.every((piece) => !/[?#]/.test(piece)) && !DOT_SEGMENT.test(pieces.join('x'));
  const plainFirstSegment = /[/\\?#]/.test(pieces[0]!) ? PLAIN_RELATIVE.test(pieces[0]!) : undefined;
  return { protocol, wholePath, plainFirstSegment };
}
