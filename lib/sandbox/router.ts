/** Matches a request line against the endpoint templates: `{name}` is one percent-encoded segment. */
import type { HttpMethod } from '../endpoints/types';
import { SandboxError } from './errors';
import type { Route } from './handlers/route';

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'unknown' };

export class Router {
  readonly #compiled: readonly CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.endpoint.path
        .split('/')
        .map((segment) => {
          const variable = /^\{(\w+)\}$/.exec(segment);
          if (!variable) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(variable[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^/${source}$`), names };
    });
  }

  /** `pathname` is raw (still percent-encoded), without the query. */
  match(method: string, pathname: string): RouteMatch {
    const allowed: HttpMethod[] = [];
    for (const { route, pattern, names } of this.#compiled) {
      const found = pattern.exec(pathname);
      if (!found) continue;
      if (route.endpoint.method !== method) {
        allowed.push(route.endpoint.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, index) => (params[name] = decodeSegment(found[index + 1]!)));
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'unknown' };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxError('INVALID_REQUEST', `请求路径中的 ${segment} 不是合法的百分号编码`);
  }
}
