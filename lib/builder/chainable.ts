/**
 * The types of chain nodes.
 *
 * `BuilderChainable` is any node, as PHP's interface of that name: every string property is another
 * node, the verbs take any options and answer `Response<unknown>`. Every typed node is one.
 *
 * `ChainRoot` (what `Builder.factory` returns) and `Chainable<Path>` refine it from the endpoint
 * descriptions in `lib/endpoints`: a described segment is a real property (the editor lists it), the
 * verbs of a described endpoint take its options and answer its typed response, and any other key still
 * falls back to `BuilderChainable`, so an undescribed path works exactly as before, untyped.
 */
import type { AnySegment, BuilderChainable, ChainableVerbs } from './loose-node';
import type { AsyncVerb, SyncVerb } from './reserved';
import type { EndpointPath } from './typed/endpoints';
import type { ChildSegment, JoinPath, PrefixesOf, PropertyNames, RelativePath } from './typed/segments';
import type { TypedVerbs } from './typed/verbs';

export type { BuilderChainable, ChainableVerbs } from './loose-node';

/** Every node a described path passes through (`v3`, `v3/ecommerce`, …, the templates themselves). */
type DescribedNode = PrefixesOf<EndpointPath>;

/** The node `chain(path)` reaches from `Parent`: typed when described, else the loose node. */
type ChainedNode<Parent extends string, Path extends string> =
  JoinPath<Parent, Path extends `/${infer Rest}` ? Rest : Path> extends infer Target extends string
    ? Target extends DescribedNode
      ? Chainable<Target>
      : BuilderChainable
    : never;

interface TypedMembers<Path extends string> extends Omit<ChainableVerbs, SyncVerb | AsyncVerb | 'chain' | 'pathname'> {
  /** The URI template of this node, as a literal type. */
  readonly pathname: Path;
  /**
   * Descends by a path relative to this node, or by a segment. A described template (the editor lists
   * them) gives its typed node; any other path gives an untyped `BuilderChainable`.
   */
  // NoInfer: relating this signature to `chain(path: string)` must not infer through the typed trie (≈6k instantiations).
  chain<Target extends RelativePath<Path, EndpointPath> | (string & {})>(path: Target): NoInfer<ChainedNode<Path, Target>>;
}

/** The described segments under `Path`, by the names a caller writes: `individualContracts`, `_openid_`, `$openid$`. */
type Children<Path extends string> = {
  readonly [Segment in ChildSegment<Path, EndpointPath> as PropertyNames<Segment>]: Chainable<JoinPath<Path, Segment>>;
};

/**
 * The node at the URI template `Path` ('' is the root). Its described children are properties; its verbs
 * are typed when `Path` is described; every other key is a loose `BuilderChainable`.
 */
export type Chainable<Path extends string> = TypedMembers<Path> &
  (Path extends EndpointPath ? TypedVerbs<Path> : Pick<ChainableVerbs, SyncVerb | AsyncVerb>) &
  AnySegment &
  Children<Path>;

/**
 * The root of the chain, what `Builder.factory` returns: the typed root node, plus every described
 * template as a key, so `instance['v3/ecommerce/individual-contracts/{openid}']` is typed too.
 */
export type ChainRoot = Chainable<''> & { readonly [Path in EndpointPath]: Chainable<Path> };
