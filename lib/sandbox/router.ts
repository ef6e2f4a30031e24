/**
 * Matches a request line against the endpoint templates with a segment trie: `{name}` is one
 * percent-encoded segment, a literal segment wins over a variable one at the same depth (so
 * `…/complaints-v2/notifications` is never read as `…/complaints-v2/{complaint_id}`), and the
 * first route added for a method and template wins (hand-written handlers before the catalogue).
 */
import type { EndpointDescription, HttpMethod } from '../endpoints/types';
import { SandboxError } from './errors';
import type { Route } from './handlers/route';

interface TrieNode {
  readonly literals: Map<string, TrieNode>;
  variable?: TrieNode;
  /** The variable names along the path to this node, in order, per method. */
  readonly routes: Map<string, { readonly route: Route; readonly names: readonly string[] }>;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'unknown' };

const emptyNode = (): TrieNode => ({ literals: new Map(), routes: new Map() });

export class Router {
  readonly #root = emptyNode();
  #later: (() => readonly Route[]) | undefined;

  /**
   * `routes` in precedence order; `later` lists more, behind them, loaded the first time a request
   * matches none of `routes` (the catalogue's thousand operations, so that the seed never waits for them).
   */
  constructor(routes: readonly Route[] = [], later?: () => readonly Route[]) {
    this.add(routes);
    this.#later = later;
  }

  add(routes: readonly Route[]): this {
    for (const route of routes) {
      let node = this.#root;
      const names: string[] = [];
      for (const segment of wireTemplate(route.endpoint).split('/')) {
        const variable = /^\{(\w+)\}$/.exec(segment);
        if (variable) {
          names.push(variable[1]!);
          node = node.variable ??= emptyNode();
        } else {
          let next = node.literals.get(segment);
          if (!next) node.literals.set(segment, (next = emptyNode()));
          node = next;
        }
      }
      if (!node.routes.has(route.endpoint.method)) node.routes.set(route.endpoint.method, { route, names });
    }
    return this;
  }

  /** `pathname` is raw (still percent-encoded), without the query. */
  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.replace(/^\//, '').split('/');
    const allowed = new Set<HttpMethod>();
    const found = this.#walk(this.#root, segments, 0, [], method, allowed);
    if (found) return found;
    if (this.#later) {
      this.add(this.#later());
      this.#later = undefined;
      return this.match(method, pathname);
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed] } : { kind: 'unknown' };
  }

  #walk(node: TrieNode, segments: readonly string[], depth: number, values: string[], method: string, allowed: Set<HttpMethod>): RouteMatch | undefined {
    if (depth === segments.length) {
      const entry = node.routes.get(method);
      if (!entry) {
        node.routes.forEach((_, verb) => allowed.add(verb as HttpMethod));
        return undefined;
      }
      const params: Record<string, string> = {};
      entry.names.forEach((name, index) => (params[name] = decodeSegment(values[index]!)));
      return { kind: 'found', route: entry.route, params };
    }
    const segment = segments[depth]!;
    const literal = node.literals.get(segment);
    const viaLiteral = literal && this.#walk(literal, segments, depth + 1, values, method, allowed);
    if (viaLiteral) return viaLiteral;
    if (!node.variable || segment === '') return undefined;
    return this.#walk(node.variable, segments, depth + 1, [...values, segment], method, allowed);
  }
}

/** The template as requests arrive: APIv2 operations are described as `v2/…`, a prefix only the client knows. */
function wireTemplate(endpoint: EndpointDescription): string {
  return endpoint.family === 'v2' ? endpoint.path.replace(/^v2\//, '') : endpoint.path;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxError('INVALID_REQUEST', `请求路径中的 ${segment} 不是合法的百分号编码`);
  }
}
