/**
 * Chain nodes: ES Proxies over a tiny target that knows its path. Property access, `chain()` and bracket
 * access all normalise through one function and land in one cache, so the three spellings return the
 * very same node and build byte-identical requests. Nodes do no I/O; verbs hand off to the driver.
 *
 * A process may hold thousands of clients walking the same few paths, so what a path *is* (its segments,
 * and which raw keys lead to which child path) is worked out once for the process (`NodePath`); a client's
 * node is just its Proxy, its target and its verbs. And a client holds its nodes only while it is busy:
 * the nodes of the clients used lately are kept (so a busy client's lookups return the very same node),
 * an idle client keeps its root alone, and rebuilds the others when it is next used.
 */
import { InspectOptions, inspect } from 'node:util';
import { InvalidArgumentException } from '../errors';
import type { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import type { Response } from '../message/response';
import type { GuzzlePromise } from '../stack/guzzle-promise';
import { RecentlyUsed } from '../stores/recently-used';
import { BoundedCache } from './bounded-cache';
import { joinSegments, normalizeSegment, splitPath } from './normalize';
import { ASYNC_VERBS, NEVER_SEGMENTS, SYNC_VERBS } from './reserved';

/** Nodes reachable by identity per client; past this the oldest are forgotten (and rebuilt on demand). */
const NODES_PER_CLIENT = 10_000;
/** Clients whose nodes are kept: the most recently used ones. */
const BUSY_CLIENTS = 1024;
/** Paths the process remembers (ids in paths are unbounded); a forgotten one is worked out again. */
const PATHS_PER_PROCESS = 10_000;
/** Children remembered per path by the raw key used to reach them (the fast path of a repeated lookup). */
const CHILDREN_PER_PATH = 512;

const VERB_METHOD: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE',
  getAsync: 'GET', postAsync: 'POST', putAsync: 'PUT', patchAsync: 'PATCH', deleteAsync: 'DELETE',
};
const ASYNC = new Set<string>(ASYNC_VERBS);
const VERBS = new Set<string>([...SYNC_VERBS, ...ASYNC_VERBS]);

/** A path as every client shares it: its segments, and the child path each raw key has led to. */
interface NodePath {
  readonly pathname: string;
  readonly segments: readonly string[];
  readonly query: string;
  children: BoundedCache<string, NodePath> | undefined;
}

const paths = new BoundedCache<string, NodePath>(PATHS_PER_PROCESS);

function pathOf(segments: readonly string[], query: string): NodePath {
  const pathname = segments.join('/') + (query ? `?${query}` : '');
  return paths.get(pathname) ?? paths.set(pathname, { pathname, segments, query, children: undefined });
}

/** The child path `key` leads to from `parent`: normalised once per process, then looked up. */
function childPath(parent: NodePath, key: string, asPath: boolean): NodePath {
  const children = (parent.children ??= new BoundedCache(CHILDREN_PER_PATH));
  const known = children.get(key);
  if (known) return known;
  if (parent.query) throw new InvalidArgumentException(`\`${parent.pathname}\` already has a query string; add path segments before it.`);
  if (asPath) {
    const { segments, query } = splitPath(key);
    return children.set(key, pathOf(joinSegments(parent.segments, segments), query));
  }
  return children.set(key, pathOf(joinSegments(parent.segments, [normalizeSegment(key)]), ''));
}

type Verb = ((options?: VerbOptions) => GuzzlePromise<Response>) | ((options?: VerbOptions) => Response);

/** What the shared Proxy handler needs of a node; read through `internals`, never through the Proxy. */
interface NodeInternals {
  readonly factory: NodeFactory;
  readonly path: NodePath;
  verbs: Record<string, Verb> | undefined;
}

let internals: (node: ChainNode) => NodeInternals;

/**
 * The Proxy target. Its only own property is `pathname` and its prototype has no named members: tools
 * that walk an object's keys or its prototype's names through the Proxy (deep equality, pretty-printers)
 * must find nothing that would turn into a new segment and recurse. The rest lives in a private field.
 */
export class ChainNode {
  readonly pathname: string;
  readonly #internals: NodeInternals;

  constructor(factory: NodeFactory, path: NodePath) {
    this.pathname = path.pathname;
    this.#internals = { factory, path, verbs: undefined };
  }

  static {
    internals = (node) => node.#internals;
  }

  /** What `console.log(node)` shows (util.inspect looks at a Proxy's target directly). */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return `ChainNode ${inspect(this.pathname, options)}`;
  }
}

export class NodeFactory {
  /** Shared by every node of every client (a process may hold thousands of clients). */
  static readonly #handler: ProxyHandler<ChainNode> = {
    get: (target, key) => internals(target).factory.#get(target, key),
    set: (target, key) => {
      throw new InvalidArgumentException(`Chain nodes are read-only: cannot set \`${String(key)}\` on \`${target.pathname}\`.`);
    },
    deleteProperty: (target, key) => {
      throw new InvalidArgumentException(`Chain nodes are read-only: cannot delete \`${String(key)}\` on \`${target.pathname}\`.`);
    },
  };

  /** The nodes but the root of the clients used lately, by client. */
  static readonly #busy = new RecentlyUsed<NodeFactory, BoundedCache<string, object>>(BUSY_CLIENTS);

  readonly #driver: ClientDecorator;
  readonly #root: object;

  constructor(driver: ClientDecorator) {
    this.#driver = driver;
    this.#root = this.#proxy(pathOf([], ''));
  }

  root(): object {
    return this.#root;
  }

  #node(path: NodePath): object {
    if (path.pathname === '') return this.#root;
    const nodes = NodeFactory.#busy.get(this) ?? NodeFactory.#busy.set(this, new BoundedCache(NODES_PER_CLIENT));
    return nodes.get(path.pathname) ?? nodes.set(path.pathname, this.#proxy(path));
  }

  #proxy(path: NodePath): object {
    return new Proxy(new ChainNode(this, path), NodeFactory.#handler);
  }

  #get(target: ChainNode, key: string | symbol): unknown {
    if (typeof key === 'symbol') return Reflect.get(target, key);
    if (VERBS.has(key)) return this.#verb(target, key);
    switch (key) {
      case 'chain':
        return (path: string) => this.#descend(target, path, true);
      case 'getDriver':
        return () => this.#driver;
      case 'toString':
      case 'toJSON':
      case 'valueOf':
        return () => target.pathname;
      case 'pathname':
        return target.pathname;
      case 'constructor':
        return ChainNode;
      case '__proto__':
        return ChainNode.prototype;
    }
    if (NEVER_SEGMENTS.has(key)) return undefined;
    return this.#descend(target, key, key.includes('/') || key.includes('{') || key.includes('?'));
  }

  #descend(target: ChainNode, key: string, asPath: boolean): object {
    if (typeof key !== 'string') throw new InvalidArgumentException(`chain() takes a path string, not ${typeof key}.`);
    return this.#node(childPath(internals(target).path, key, asPath));
  }

  #verb(target: ChainNode, verb: string): Verb {
    const node = internals(target);
    const verbs = (node.verbs ??= Object.create(null) as Record<string, Verb>);
    const existing = verbs[verb];
    if (existing) return existing;
    const method = VERB_METHOD[verb]!;
    const driver = this.#driver;
    const template = target.pathname;
    const fn: Verb = ASYNC.has(verb)
      ? (options?: VerbOptions): GuzzlePromise<Response> => driver.requestAsync(method, template, options)
      : (options?: VerbOptions): Response => driver.request(method, template, options);
    return (verbs[verb] = fn);
  }
}
