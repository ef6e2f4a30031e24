/**
 * Turns a node's template and a verb's options into the Request that enters the stack. Pure and
 * synchronous: the same code serves both verb kinds, and every mistake in the options is an
 * InvalidArgumentException here, before anything is signed or sent.
 */
import { Writable, type Readable } from 'node:stream';
import { InvalidArgumentException } from '../errors';
import { buildQuery, mergeQuery } from '../formats/query';
import { Headers } from '../message/headers';
import { Request } from '../message/request';
import { RequestBody } from '../message/request-body';
import { expand, joinSimple } from '../template/expand';
import { PLAIN_RELATIVE, V2_PREFIX, pathShapeOf, refuseDotSegments, type Protocol } from './path-shape';
import { parseTemplate } from '../template/parse';
import { parseBaseUri, type ResolvedConfig } from './config';
import { GUZZLE_CHECKED, checkGuzzleOptions, refusedGuzzleOption } from './guzzle-options';
import { OPTION_NAMES, ownOptions, type VerbOptions } from './options';
import { userAgent } from './user-agent';

export type { Protocol } from './path-shape';

export interface PreparedRequest {
  readonly protocol: Protocol;
  readonly request: Request;
  /**
   * The path requested, without query: relative to the base URI when under it (`v3/billdownload/file`,
   * `pay/micropay` for APIv2), else the URL's whole path without its leading `/`.
   */
  readonly pathname: string;
  readonly options: VerbOptions;
}

const V3_ACCEPT = 'application/json, text/plain, application/x-gzip, application/pdf, image/png, image/*;q=0.5';
/** Path variables are required and may not climb the path (see expand). */
const STRICT = Object.freeze({ strict: true });

export function prepareRequest(method: string, template: string, input: VerbOptions | undefined, config: ResolvedConfig): PreparedRequest {
  const parsed = parseTemplate(template);
  const options = checkOptions(input, template, parsed.names);
  // A skeleton's join (the usual API path) comes with what its literals decide, worked out once per template.
  const joined = parsed.simple === undefined ? undefined : joinSimple(parsed.simple, options);
  const expanded = joined ?? expand(template, options, STRICT);
  const shape = joined === undefined ? null : pathShapeOf(parsed.simple!);
  const protocol: Protocol = shape !== null ? shape.protocol : V2_PREFIX.test(expanded) ? 'v2' : 'v3';
  const relative = protocol === 'v2' ? expanded.slice(3) : expanded;
  if (shape?.wholePath) return finish(method, template, options, config, protocol, relative, '', shape.plainFirstSegment);
  const fragment = relative.indexOf('#');
  const target = fragment === -1 ? relative : relative.slice(0, fragment);
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  refuseDotSegments(path, template);
  return finish(method, template, options, config, protocol, path, mark === -1 ? '' : target.slice(mark + 1), shape?.plainFirstSegment);
}

/** The request for the path (and the query written in the template) of an expanded template. */
function finish(method: string, template: string, options: VerbOptions, config: ResolvedConfig, protocol: Protocol, path: string, written: string, plainFirstSegment: boolean | undefined): PreparedRequest {
  const query = options.query === undefined ? written : mergeQuery(written, buildQuery(options.query));
  const base = options.base_uri === undefined ? config.baseUri : parseBaseUri(options.base_uri, 'base_uri');
  const parts = partsOf(base);
  const uri = resolveReference(path, query, base, parts, plainFirstSegment ?? PLAIN_RELATIVE.test(path));

  const defaults = defaultHeaders(config, protocol);
  let headers = options.headers === undefined || options.headers === null ? defaults : Headers.from(userHeaders(options.headers)).withDefaults(defaults);
  let body = RequestBody.EMPTY;
  if (options.json !== undefined) {
    if (protocol === 'v2') throw new InvalidArgumentException(`APIv2 requests take their fields as \`xml\`, not \`json\` (${template}).`);
    if (options.body !== undefined) throw new InvalidArgumentException('Give either `json` or `body`, not both.');
    body = RequestBody.from(JSON.stringify(options.json));
    if (!headers.has('Content-Type')) headers = headers.with('Content-Type', 'application/json');
  } else if (isMultipart(options.body)) {
    // A MediaUtil: its stream carries the multipart bytes and signs the `meta` JSON.
    body = RequestBody.from(options.body.getStream());
    if (!headers.has('Content-Type')) headers = headers.with('Content-Type', options.body.getContentType());
  } else if (options.body !== undefined) {
    body = RequestBody.from(options.body);
  }

  return { protocol, request: new Request(method, uri, headers, body), pathname: pathUnder(uri, parts), options };
}

/**
 * The default headers per protocol, built once (Headers are immutable, so one list serves every request):
 * one pair of lists for every client without `headers` of its own, one per client that has some.
 */
let plainDefaults: Record<Protocol, Headers> | undefined;
const defaultsOf = new WeakMap<ResolvedConfig, Record<Protocol, Headers>>();

function defaultHeaders(config: ResolvedConfig, protocol: Protocol): Headers {
  let built = defaultsOf.get(config);
  if (built === undefined) {
    built = Object.keys(config.headers).length === 0 ? (plainDefaults ??= buildDefaults({})) : buildDefaults(config.headers);
    defaultsOf.set(config, built);
  }
  return built[protocol];
}

function buildDefaults(headers: Readonly<Record<string, string>>): Record<Protocol, Headers> {
  const common = { 'User-Agent': userAgent(), ...headers };
  return { v3: Headers.from({ Accept: V3_ACCEPT, ...common }), v2: Headers.from(common) };
}

/** What every request resolves against a base URI, read once per base (a URL's getters build strings). */
interface BaseParts {
  readonly href: string;
  /** `href` up to and including the last `/` of its path: where a plain relative reference is appended. */
  readonly directory: string;
  readonly origin: string;
  /** The base's path up to and including its last `/`. */
  readonly pathPrefix: string;
}

const baseParts = new WeakMap<URL, BaseParts>();

function partsOf(base: URL): BaseParts {
  const known = baseParts.get(base);
  if (known !== undefined && known.href === base.href) return known;
  const { href, pathname } = base;
  const end = href.length - base.search.length - base.hash.length;
  const parts = { href, directory: href.slice(0, href.lastIndexOf('/', end - 1) + 1), origin: base.origin, pathPrefix: pathname.slice(0, pathname.lastIndexOf('/') + 1) };
  baseParts.set(base, parts);
  return parts;
}

/**
 * RFC 3986 reference resolution, as Guzzle's: `/v3/…` resolves against the host root, a full URL is itself.
 * The usual reference, a plain relative path (`v3/…`), is appended to the base's directory and parsed
 * once; `new URL(reference, base)` would parse the base again on every request.
 */
function resolveReference(path: string, query: string, base: URL, parts: BaseParts, plainFirstSegment: boolean): URL {
  const reference = query ? `${path}?${query}` : path;
  if (!plainFirstSegment) return new URL(reference, base);
  return new URL(parts.directory + reference);
}

/** `uri`'s path relative to the base when it lies under it (same origin, base path prefix); else its whole path. */
function pathUnder(uri: URL, { directory, origin, pathPrefix }: BaseParts): string {
  const { pathname } = uri;
  // A URL that begins with the base's directory has the base's origin (cheaper than building `uri.origin`).
  if (pathname.startsWith(pathPrefix) && (uri.href.startsWith(directory) || uri.origin === origin)) return pathname.slice(pathPrefix.length);
  return pathname.slice(1);
}

/** A multipart body such as MediaUtil: a stream to send and the Content-Type (with boundary) that goes with it. */
export interface MultipartBody {
  getStream(): Readable;
  getContentType(): string;
}

function isMultipart(body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && typeof (body as MultipartBody).getStream === 'function' && typeof (body as MultipartBody).getContentType === 'function';
}

/**
 * The options' own keys, copied onto an object that inherits nothing: an inherited `base_uri` or `debug`
 * (from `Object.create(…)` or a polluted `Object.prototype`) must never steer a signed request.
 */
function checkOptions(input: VerbOptions | undefined, template: string, variables: readonly string[]): VerbOptions {
  if (input === undefined || input === null) return ownOptions();
  if (typeof input !== 'object' || Array.isArray(input)) throw new InvalidArgumentException(`Verb options must be an object, not ${Array.isArray(input) ? 'an array' : typeof input}.`);
  const own = ownOptions();
  let guzzleOption = false;
  for (const key of Object.keys(input)) {
    if (GUZZLE_CHECKED.has(key)) guzzleOption = true;
    else if (!OPTION_NAMES.has(key) && !variables.includes(key)) {
      throw (
        refusedGuzzleOption(key) ??
        new InvalidArgumentException(
          `Unknown option \`${key}\` for \`${template}\`: it is neither a variable of the template (${variables.join(', ') || 'none'}) ` +
            `nor an option (${[...OPTION_NAMES].join(', ')}).`,
        )
      );
    }
    own[key] = input[key];
  }
  const { sink } = own;
  if (sink !== undefined && !(typeof sink === 'string' && sink !== '') && !(sink instanceof Writable)) {
    throw new InvalidArgumentException('`sink` must be a file path or a Writable stream.');
  }
  if (guzzleOption) checkGuzzleOptions(own);
  return own;
}

function userHeaders(headers: VerbOptions['headers']): Record<string, string | readonly string[]> | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw new InvalidArgumentException('`headers` must be an object of header names to values.');
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}

