/**
 * Chain nodes: ES Proxies over a tiny target that knows its path. Property access, `chain()` and bracket
 * access all normalise through one function and land in one cache, so the three spellings return the
 * very same node and build byte-identical requests. Nodes do no I/O; verbs hand off to the driver.
 */
import { InspectOptions, inspect } from 'node:util';
import { InvalidArgumentException } from '../errors';
import type { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import type { Response } from '../message/response';
import type { GuzzlePromise } from '../stack/guzzle-promise';
import { BoundedCache } from './bounded-cache';
import { joinSegments, normalizeSegment, splitPath } from './normalize';
import { ASYNC_VERBS, NEVER_SEGMENTS, SYNC_VERBS } from './reserved';

/** Nodes reachable by identity per client; past this the oldest are forgotten (and rebuilt on demand). */
const NODES_PER_CLIENT = 10_000;
/** Children remembered per node by the raw key used to reach them (the fast path of a repeated lookup). */
const CHILDREN_PER_NODE = 512;

const VERB_METHOD: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE',
  getAsync: 'GET', postAsync: 'POST', putAsync: 'PUT', patchAsync: 'PATCH', deleteAsync: 'DELETE',
};
const ASYNC = new Set<string>(ASYNC_VERBS);
const VERBS = new Set<string>([...SYNC_VERBS, ...ASYNC_VERBS]);

/** What a node knows besides its pathname; kept off the target (see ChainNode). */
interface NodeState {
  /** The client's factory: one Proxy handler serves every node of every client, and finds it here. */
  readonly factory: NodeFactory;
  readonly segments: readonly string[];
  readonly query: string;
  children: BoundedCache<string, object> | undefined;
  verbs: Map<string, unknown> | undefined;
}

const states = new WeakMap<ChainNode, NodeState>();

/**
 * The Proxy target. Its only own property is `pathname` and its prototype has no named members: tools
 * that walk an object's keys or its prototype's names through the Proxy (deep equality, pretty-printers)
 * must find nothing that would turn into a new segment and recurse.
 */
export class ChainNode {
  readonly pathname: string;

  constructor(factory: NodeFactory, segments: readonly string[], query: string) {
    this.pathname = segments.join('/') + (query ? `?${query}` : '');
    states.set(this, { factory, segments, query, children: undefined, verbs: undefined });
  }

  /** What `console.log(node)` shows (util.inspect looks at a Proxy's target directly). */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return `ChainNode ${inspect(this.pathname, options)}`;
  }
}

function stateOf(node: ChainNode): NodeState {
  return states.get(node)!;
}

export class NodeFactory {
  /** Shared by every node of every client (a process may hold thousands of clients). */
  static readonly #handler: ProxyHandler<ChainNode> = {
    get: (target, key) => stateOf(target).factory.#get(target, key),
    set: (target, key) => {
      throw new InvalidArgumentException(`Chain nodes are read-only: cannot set \`${String(key)}\` on \`${target.pathname}\`.`);
    },
    deleteProperty: (target, key) => {
      throw new InvalidArgumentException(`Chain nodes are read-only: cannot delete \`${String(key)}\` on \`${target.pathname}\`.`);
    },
  };

  readonly #driver: ClientDecorator;
  readonly #nodes = new BoundedCache<string, object>(NODES_PER_CLIENT);

  constructor(driver: ClientDecorator) {
    this.#driver = driver;
  }

  root(): object {
    return this.#node([], '');
  }

  #node(segments: readonly string[], query: string): object {
    const pathname = segments.join('/') + (query ? `?${query}` : '');
    return this.#nodes.get(pathname) ?? this.#nodes.set(pathname, new Proxy(new ChainNode(this, segments, query), NodeFactory.#handler));
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
    const state = stateOf(target);
    const children = (state.children ??= new BoundedCache(CHILDREN_PER_NODE));
    const cached = children.get(key);
    if (cached) return cached;
    if (state.query) throw new InvalidArgumentException(`\`${target.pathname}\` already has a query string; add path segments before it.`);
    let child: object;
    if (asPath) {
      const { segments, query } = splitPath(key);
      child = this.#node(joinSegments(state.segments, segments), query);
    } else {
      child = this.#node(joinSegments(state.segments, [normalizeSegment(key)]), '');
    }
    return children.set(key, child);
  }

  #verb(target: ChainNode, verb: string): unknown {
    const verbs = (stateOf(target).verbs ??= new Map());
    const existing = verbs.get(verb);
    if (existing) return existing;
    const method = VERB_METHOD[verb]!;
    const driver = this.#driver;
    const template = target.pathname;
    const fn = ASYNC.has(verb)
      ? (options?: VerbOptions): GuzzlePromise<Response> => driver.requestAsync(method, template, options)
      : (options?: VerbOptions): Response => driver.request(method, template, options);
    verbs.set(verb, fn);
    return fn;
  }
}
