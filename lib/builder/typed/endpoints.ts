/**
 * The typed view of `lib/endpoints`: per path template and method, what a verb takes and what it
 * answers. Nothing here is written per endpoint; every type is read off the `as const` descriptions, so a
 * new description is typed the moment it is added to `endpoints`.
 */
import type { VerbOptions } from '../../client/options';
import type { BodyOf, Endpoint, EndpointDescription, Fields, PathParamsOf, QueryOf, ResponseOf } from '../../endpoints';

/** Every described path template, e.g. `'v3/ecommerce/individual-contracts/{openid}'`. */
export type EndpointPath = Endpoint['path'];

/** The description of `Method Path`, or `never` when that pair is not described. */
export type DescriptionOf<Path extends string, Method extends string> = Extract<Endpoint, { readonly path: Path; readonly method: Method }>;

/** Options of the transport, accepted by every typed verb next to the endpoint's own fields. */
type TransportOptions = Pick<
  VerbOptions,
  | 'headers' | 'timeout' | 'debug' | 'base_uri' | 'retry' | 'connect_timeout' | 'read_timeout' | 'http_errors' | 'allow_redirects'
  | 'verify' | 'proxy' | 'delay' | 'on_stats' | 'version' | 'handler' | 'cert' | 'ssl_key'
>;

/** A raw body (a media upload's multipart stream) replaces the described JSON; it is not checked. */
type RawBody = NonNullable<VerbOptions['body']>;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** `{ [key]: value }`, optional when `value` has no required field. */
type Member<Key extends string, Value> = {} extends Value ? { [K in Key]?: Value } : { [K in Key]: Value };

type PathParamsOption<E extends EndpointDescription> = E extends { pathParams: Fields } ? PathParamsOf<E> : {};
type QueryOption<E extends EndpointDescription> = E extends { query: Fields } ? Member<'query', QueryOf<E>> : {};
type BodyOption<E extends EndpointDescription> = E extends { body: Fields } ? Member<'json', BodyOf<E>> | { body: RawBody } : {};

/**
 * What a verb of `E` takes: its path variables at the top level (`openid`), `query` and `json` as
 * described (required when they have required fields), plus the transport options.
 */
export type EndpointOptions<E extends EndpointDescription> =
  BodyOption<E> extends infer Body ? (Body extends unknown ? Flatten<PathParamsOption<E> & QueryOption<E> & Body & TransportOptions> : never) : never;

/** The parsed JSON body of `E`'s response; `unknown` when it is not JSON (a 204, a bill file). */
export type EndpointResponse<E extends EndpointDescription> = E['response'] extends { body: Fields } ? ResponseOf<E> : unknown;

/** One described operation, as octokit's `Endpoints` entries: its inputs by part, and its response body. */
export interface EndpointOperation<E extends EndpointDescription> {
  readonly options: EndpointOptions<E>;
  readonly parameters: E extends { pathParams: Fields } ? PathParamsOf<E> : never;
  readonly query: E extends { query: Fields } ? QueryOf<E> : never;
  readonly body: E extends { body: Fields } ? BodyOf<E> : never;
  readonly response: EndpointResponse<E>;
}

/**
 * Every described endpoint by path template, then method:
 * `Endpoints['v3/ecommerce/individual-contracts/{openid}']['GET']['response']['auth_state']`.
 */
export type Endpoints = {
  readonly [Path in EndpointPath]: { readonly [E in Extract<Endpoint, { readonly path: Path }> as E['method']]: EndpointOperation<E> };
};
