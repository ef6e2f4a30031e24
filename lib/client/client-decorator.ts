/**
 * The PHP SDK's ClientDecorator: one object per merchant holding the APIv3 (JSON) and APIv2 (XML)
 * clients, each with its own HandlerStack, both over the same transports. Verbs on chain nodes end here.
 */
import { InvalidArgumentException } from '../errors';
import type { Response } from '../message/response';
import { GuzzlePromise } from '../stack/guzzle-promise';
import { RecentlyUsed } from '../stores/recently-used';
import { HandlerStack } from '../stack/handler-stack';
import type { RetrySettings } from '../stack/retry';
import { SYNC_CALL, type Handler, type HandlerOptions } from '../stack/types';
import { v2Stack } from '../stack/v2-stack';
import { v3Stack } from '../stack/v3-stack';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config';
import { ownOptions, type VerbOptions } from './options';
import { prepareRequest, type Protocol } from './prepare-request';
import { terminalHandler } from './terminal';
import { TransportPool } from './transport-pool';

/** What `getConfig()` holds, as Guzzle's client config: the stack, the base URI and the default headers. */
export interface ClientSettings {
  readonly handler: HandlerStack;
  readonly base_uri: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends one request through a protocol's stack: synchronously (a Response) or as a promise. */
interface ClientSender {
  request(method: string, uri: string, options: VerbOptions | undefined): Response;
  requestAsync(method: string, uri: string, options: VerbOptions | undefined): GuzzlePromise<Response>;
}

/**
 * One protocol's client, as Guzzle's: `getConfig('handler')` is its HandlerStack, and `request()`,
 * `get()`, `post()`, … (with their `…Async()` forms) send through that stack. URIs are relative to the
 * base URI as the chain's are (`v3/certificates` here, `pay/orderquery` on the APIv2 client).
 */
export class Client {
  readonly #config: ClientSettings;
  readonly #sender: ClientSender;

  constructor(config: ClientSettings, sender: ClientSender) {
    this.#config = Object.freeze({ ...config });
    this.#sender = sender;
  }

  getConfig(): ClientSettings;
  getConfig<K extends keyof ClientSettings>(option: K): ClientSettings[K];
  getConfig(option?: string): unknown;
  getConfig(option?: string): unknown {
    return option === undefined ? this.#config : this.#config[option as keyof ClientSettings];
  }

  /** The HandlerStack, typed. */
  get handler(): HandlerStack {
    return this.#config.handler;
  }

  /** Synchronous, as Guzzle's `request()`: blocks until the response is received and verified. */
  request(method: string, uri: string, options?: VerbOptions): Response {
    return this.#sender.request(method.toUpperCase(), uri, options);
  }

  requestAsync(method: string, uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.#sender.requestAsync(method.toUpperCase(), uri, options);
  }

  get(uri: string, options?: VerbOptions): Response {
    return this.request('GET', uri, options);
  }
  head(uri: string, options?: VerbOptions): Response {
    return this.request('HEAD', uri, options);
  }
  post(uri: string, options?: VerbOptions): Response {
    return this.request('POST', uri, options);
  }
  put(uri: string, options?: VerbOptions): Response {
    return this.request('PUT', uri, options);
  }
  patch(uri: string, options?: VerbOptions): Response {
    return this.request('PATCH', uri, options);
  }
  delete(uri: string, options?: VerbOptions): Response {
    return this.request('DELETE', uri, options);
  }
  getAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('GET', uri, options);
  }
  headAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('HEAD', uri, options);
  }
  postAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('POST', uri, options);
  }
  putAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('PUT', uri, options);
  }
  patchAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('PATCH', uri, options);
  }
  deleteAsync(uri: string, options?: VerbOptions): GuzzlePromise<Response> {
    return this.requestAsync('DELETE', uri, options);
  }
}

/**
 * Composed stacks of the clients nobody outside holds (the chain's verbs use them), for the most recently used
 * merchants of the process: an idle merchant's stack (entries, closures) is dropped and rebuilt on its next call.
 */
export const READY_STACKS = 256;
const readyHandlers: Record<Protocol, RecentlyUsed<ClientDecorator, Handler>> = { v3: new RecentlyUsed(READY_STACKS), v2: new RecentlyUsed(READY_STACKS) };

export class ClientDecorator {
  static readonly JSON_BASED = 'v3';
  static readonly XML_BASED = 'v2';

  readonly config: ResolvedConfig;
  /** Each protocol's client once the user has asked for it (`select()`): theirs to change, so kept for good. */
  #clients: Partial<Record<Protocol, Client>> | undefined;
  /** The user's stack as it was at construction; each protocol's stack starts from a copy of it. */
  readonly #base: HandlerStack | undefined;
  readonly #transports: TransportPool;

  constructor(input: ClientConfig) {
    this.config = resolveConfig(input);
    this.#transports = new TransportPool(this.config);
    this.#base = this.config.handler?.clone();
  }

  /** `select('v2')` is the APIv2 client; anything else the APIv3 one. */
  select(protocol?: string): Client {
    return this.#client(protocol?.toLowerCase() === 'v2' ? 'v2' : 'v3');
  }

  /** Synchronous: blocks until the response is received and verified. */
  request(method: string, template: string, options?: VerbOptions): Response {
    const { handler, request, handlerOptions } = this.#prepare(method, template, options, true);
    const call = { open: true };
    try {
      return handler(request, Object.assign(ownOptions<HandlerOptions>(), handlerOptions, { [SYNC_CALL]: call })) as Response;
    } finally {
      // An entry that went asynchronous (and was refused) may still call on later: nothing must be sent then.
      call.open = false;
    }
  }

  /**
   * Promise verb: a Guzzle promise (`then`, `otherwise`, `wait`). The request starts on the next
   * microtask, unless `wait()` is called first and takes it through the synchronous path instead. Bad
   * options reject the promise too, so one `.catch` sees every failure.
   */
  requestAsync(method: string, template: string, options?: VerbOptions): GuzzlePromise<Response> {
    return GuzzlePromise.deferred({
      async: () => {
        const { handler, request, handlerOptions } = this.#prepare(method, template, options, false);
        return Promise.resolve(handler(request, handlerOptions));
      },
      sync: () => this.request(method, template, options),
    });
  }

  /** Closes the connection pools this client opened. */
  async close(): Promise<void> {
    await this.#transports.close();
  }

  #client(protocol: Protocol): Client {
    const pinned = this.#clients?.[protocol];
    if (pinned) return pinned;
    readyHandlers[protocol].delete(this);
    const client = new Client({ handler: this.#stack(protocol), base_uri: this.config.baseUri.href, headers: this.config.headers }, this.#sender(protocol === 'v3' ? checkedV3Uri : checkedV2Uri));
    return ((this.#clients ??= {})[protocol] = client);
  }

  /** The composed stack a request goes through: the user's client when they hold one, else a ready one, rebuilt after idling. */
  #handler(protocol: Protocol): Handler {
    const pinned = this.#clients?.[protocol];
    if (pinned) return pinned.handler.resolve();
    const ready = readyHandlers[protocol];
    return ready.get(this) ?? ready.set(this, this.#stack(protocol).resolve());
  }

  #stack(protocol: Protocol): HandlerStack {
    const stack = this.#base?.clone() ?? HandlerStack.create();
    const retry = retrySettings(this.config);
    const terminal = terminalHandler(this.#transports, this.config);
    if (protocol === 'v2') return v2Stack(stack, { ...this.config, retry }, terminal);
    return v3Stack(stack, { keys: this.config.apiv3 && { mchid: this.config.mchid, ...this.config.apiv3 }, retry }, terminal);
  }

  /** A Guzzle client's way in: its URIs become templates of this decorator (the APIv2 client's gain `v2/`). */
  #sender(toTemplate: (uri: string) => string): ClientSender {
    return {
      request: (method, uri, options) => this.request(method, toTemplate(uri), options),
      requestAsync: (method, uri, options) => this.requestAsync(method, toTemplate(uri), options),
    };
  }

  #prepare(method: string, template: string, options: VerbOptions | undefined, sync: boolean) {
    const prepared = prepareRequest(method, template, options, this.config);
    if (prepared.protocol === 'v3' && !this.config.apiv3) throw apiv2Only(prepared.pathname);
    if (prepared.options.security === true && prepared.protocol === 'v3') {
      throw new InvalidArgumentException('`security` (mutual TLS) is an APIv2 option; APIv3 endpoints authenticate with the signature.');
    }
    // Nothing inherited (checkOptions made this copy of the caller's options so): a polluted
    // Object.prototype must not lend an option to any entry or the transport.
    const handlerOptions = prepared.options as Record<string, unknown>;
    handlerOptions.sync = sync;
    handlerOptions.protocol = prepared.protocol;
    handlerOptions.pathname = prepared.pathname;
    const handler = prepared.options.handler === undefined ? this.#handler(prepared.protocol) : this.#requestHandler(prepared.options.handler);
    return { handler, request: prepared.request, handlerOptions: handlerOptions as HandlerOptions };
  }

  /**
   * Guzzle's per-request `handler`: a stack (typically a clone of `getConfig('handler')` with an entry
   * removed) runs instead of the client's; one without a handler of its own sends through our transport.
   */
  #requestHandler(handler: HandlerStack | Handler): Handler {
    if (typeof handler === 'function') return handler;
    if (handler.hasHandler()) return handler.resolve();
    const stack = handler.clone();
    stack.setHandler(terminalHandler(this.#transports, this.config));
    return stack.resolve();
  }
}

function apiv2Only(pathname: string): InvalidArgumentException {
  return new InvalidArgumentException(
    `\`${pathname}\` is an APIv3 endpoint, and this client was built for APIv2 only (no \`serial\`, \`privateKey\` or \`certs\`). ` +
      'Give Builder.factory the merchant certificate serial, the private key and WeChat Pay\'s certs to call APIv3. Nothing was sent.',
  );
}

/** The APIv2 client's URIs are relative to the base URI (PHP: `pay/orderquery`); another host goes in `base_uri`. */
function checkedV2Uri(uri: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(uri)) {
    throw new InvalidArgumentException(`select('v2') takes a path relative to the base URI, not \`${uri}\`: give another host as the \`base_uri\` option, as PHP does.`);
  }
  return `v2/${uri.replace(/^\//, '')}`;
}

/** The APIv3 client takes APIv3 paths; a `v2/…` one would be routed to the other client, so it is refused. */
function checkedV3Uri(uri: string): string {
  if (/^v2\//i.test(uri)) throw new InvalidArgumentException(`\`${uri}\` is an APIv2 path: send it with select('v2') (without the \`v2/\` prefix) or through the chain.`);
  return uri;
}

/** Failover to the backup hosts, with the client's retry policy. */
function retrySettings(config: ResolvedConfig): RetrySettings {
  return { hosts: { primary: config.baseUri, backups: config.backupBaseUris }, policy: config.retry };
}
