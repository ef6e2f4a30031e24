/**
 * The types of chain nodes.
 *
 * `BuilderChainable` is any node, as PHP's interface of that name: every string property is another
 * node, the verbs take any options and answer `Response<unknown>`. Every typed node is one.
 *
 * `ChainRoot` (what `Builder.factory` returns) and `Chainable<Path>` refine it from the generated
 * catalogue types (`lib/endpoints/generated/`): a catalogued segment is a real property (the editor lists it), the
 * verbs of a described endpoint take its options and answer its typed response, and any other key still
 * falls back to `BuilderChainable`, so an undescribed path works exactly as before, untyped.
 */
import type { AnySegment, BuilderChainable, ChainableVerbs } from './loose-node';
import type { AsyncVerb, SyncVerb } from './reserved';
import type { Trie } from '../endpoints/generated/trie';
import type { EndpointPath, Operations } from './typed/endpoints';
import type { JoinPath } from './typed/segments';
import type { TypedVerbs } from './typed/verbs';

export type { BuilderChainable, ChainableVerbs } from './loose-node';

/** Every node of the typed chain: the catalogued templates and the nodes they pass through. */
type TrieNode = Extract<keyof Trie, string>;

/** The node `chain(path)` reaches from `Parent`: typed when it is in the trie, else the loose node. */
type ChainedNode<Parent extends string, Path extends string> =
  JoinPath<Parent, Path> extends infer Target extends string ? (Target extends TrieNode ? Chainable<Target> : BuilderChainable) : never;

interface TypedMembers<Path extends string> extends Omit<ChainableVerbs, SyncVerb | AsyncVerb | 'chain' | 'pathname'> {
  /** The URI template of this node, as a literal type. */
  readonly pathname: Path;
  /**
   * Descends by a path relative to this node, or by a segment. A catalogued template (the editor lists
   * them at the root) gives its typed node; any other path gives an untyped `BuilderChainable`.
   */
  // NoInfer: relating this signature to `chain(path: string)` must not infer through the typed trie.
  chain<Target extends (Path extends '' ? EndpointPath : never) | (string & {})>(path: Target): NoInfer<ChainedNode<Path, Target>>;
}

/**
 * The children of `Path` by the names a caller writes (`individualContracts`, `_openid_`, `$openid$`),
 * read off the generated trie. Homomorphic, so hovering a property shows the trie's JSDoc: the
 * operation's official name and documentation link.
 */
type Children<Path extends string> = Path extends TrieNode ? { readonly [Name in keyof Trie[Path]]: Chainable<Trie[Path][Name] & string> } : {};

/** The verbs at `Path`: typed per catalogued method, loose otherwise. */
type VerbsAt<Path extends string> = Path extends EndpointPath ? TypedVerbs<Operations[Path]> : Pick<ChainableVerbs, SyncVerb | AsyncVerb>;

/**
 * The node at the URI template `Path` ('' is the root). Its catalogued children are properties; its verbs
 * are typed when `Path` is catalogued; every other key is a loose `BuilderChainable`.
 */
export type Chainable<Path extends string> = TypedMembers<Path> & VerbsAt<Path> & AnySegment & Children<Path>;

/**
 * The root of the chain, what `Builder.factory` returns: the typed root node, plus every catalogued
 * template as a key, so `instance['v3/ecommerce/individual-contracts/{openid}']` is typed too.
 */
export type ChainRoot = Chainable<''> & { readonly [Path in EndpointPath]: Chainable<Path> };
