/**
 * The little path work the typed chain still does, one literal at a time (never over the union of
 * templates): joining a relative `chain()` path onto its node's template.
 */

/** `Parent/Path` (`Path` alone under the root), a leading `/` of `Path` dropped. */
export type JoinPath<Parent extends string, Path extends string> = Path extends `/${infer Rest}`
  ? JoinPath<Parent, Rest>
  : Parent extends ''
    ? Path
    : `${Parent}/${Path}`;
