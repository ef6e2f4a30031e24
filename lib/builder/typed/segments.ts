/**
 * Type-level path arithmetic over URI templates: what the runtime's `normalizeSegment` undoes.
 * A template segment `individual-contracts` is written `individualContracts` on the chain, `{openid}`
 * is written `_openid_` or `$openid$`. Everything here is plain string work on the described paths
 * (a few dozen), evaluated one node at a time as a chain is read.
 */
import type { ChainableVerbs } from '../loose-node';

/**
 * Names the runtime answers itself instead of descending (the node's members, `then`, `valueOf`, …; see
 * `reserved.ts`), so they never name a segment.
 */
export type OwnMemberName = Extract<keyof ChainableVerbs | keyof Object | keyof Promise<unknown>, string>;

/** `pre-entrust-sign` → `preEntrustSign`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * Whether the camelCase form of a template segment normalises back to it at runtime: the segment has no
 * capitals and every `-` is followed by a letter (`a-1` is not: its camel form `a1` stays `a1`). One step
 * per dash, not per character, to keep the check cheap.
 */
type CamelRoundTrips<S extends string> = S extends Lowercase<S> ? (S extends `-${string}` ? false : DashesBeforeLetters<S>) : false;
type DashesBeforeLetters<S extends string> = S extends `${string}-${infer After}`
  ? After extends `${infer First}${string}`
    ? Uppercase<First> extends First
      ? false
      : DashesBeforeLetters<After>
    : false
  : true;

/**
 * The property names that reach a template segment: `_name_` and `$name$` for `{name}`, the camelCase
 * form otherwise (when it round-trips). Names of the node's own members (verbs, `chain`, `then`, …) are
 * never segments, so such a segment is reached by `chain()` or a whole-path key only.
 */
export type PropertyNames<Segment extends string> = Segment extends `{${infer Name}}`
  ? `_${Name}_` | `$${Name}$`
  : CamelRoundTrips<Segment> extends true
    ? Exclude<CamelCase<Segment>, OwnMemberName>
    : never;

/** The segment right after `Parent` in `Path` (`Parent` is '' for the root). */
export type ChildSegment<Parent extends string, Path extends string> = Path extends `${Parent extends '' ? '' : `${Parent}/`}${infer Rest}`
  ? Rest extends `${infer Segment}/${string}`
    ? Segment
    : Rest
  : never;

/** `Parent/Segment`, or `Segment` under the root. */
export type JoinPath<Parent extends string, Segment extends string> = Parent extends '' ? Segment : `${Parent}/${Segment}`;

/** `a/b/c` → `a` | `a/b` | `a/b/c`: the nodes a path passes through. */
export type PrefixesOf<Path extends string, Parent extends string = ''> = Path extends `${infer Segment}/${infer Rest}`
  ? JoinPath<Parent, Segment> | PrefixesOf<Rest, JoinPath<Parent, Segment>>
  : JoinPath<Parent, Path>;

/** `Path` relative to `Parent` (everything after `Parent/`), for `chain()` on an inner node. */
export type RelativePath<Parent extends string, Path extends string> = Parent extends ''
  ? Path
  : Path extends `${Parent}/${infer Rest}`
    ? Rest
    : never;
