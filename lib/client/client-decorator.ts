/**
 * The PHP SDK's ClientDecorator: one object per merchant holding the APIv3 (JSON) and APIv2 (XML)
 * clients, each with its own HandlerStack, both over the same transports. Verbs on chain nodes end here.
 */
import { InvalidArgumentException } from '../errors';
import type { Response } from '../message/response';
import { HandlerStack } from '../stack/handler-stack';
import type { RetrySettings } from '../stack/retry';
import { SYNC_CALL, type Handler, type HandlerOptions } from '../stack/types';
import { v2Stack } from '../stack/v2-stack';
import { v3Stack } from '../stack/v3-stack';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config';
import type { VerbOptions } from './options';
import { prepareRequest, type Protocol } from './prepare-request';
import { terminalHandler } from './terminal';
import { TransportPool } from './transport-pool';

/** One protocol's client, as Guzzle's: `getConfig('handler')` is its HandlerStack. */
export class Client {
  readonly #config: Readonly<Record<string, unknown>>;

  constructor(config: Record<string, unknown>) {
    this.#config = Object.freeze({ ...config });
  }

  getConfig(option?: string): unknown {
    return option === undefined ? this.#config : this.#config[option];
  }

  /** The HandlerStack, typed. */
  get handler(): HandlerStack {
    return this.#config.handler as HandlerStack;
  }
}

export class ClientDecorator {
  static readonly JSON_BASED = 'v3';
  static readonly XML_BASED = 'v2';

  readonly config: ResolvedConfig;
  readonly #clients: Record<Protocol, Client>;
  readonly #transports: TransportPool;
  readonly #terminal: Handler;

  constructor(input: ClientConfig) {
    this.config = resolveConfig(input);
    this.#transports = new TransportPool(this.config);
    const terminal = terminalHandler(this.#transports, this.config);
    this.#terminal = terminal;
    const base = this.config.handler ?? HandlerStack.create();
    const settings = { ...this.config, retry: retrySettings(this.config) };
    const client = (handler: HandlerStack) => new Client({ handler, base_uri: this.config.baseUri.href, headers: this.config.headers });
    this.#clients = {
      v3: client(v3Stack(base.clone(), settings, terminal)),
      v2: client(v2Stack(base.clone(), settings, terminal)),
    };
  }

  /** `select('v2')` is the APIv2 client; anything else the APIv3 one. */
  select(protocol?: string): Client {
    return protocol?.toLowerCase() === 'v2' ? this.#clients.v2 : this.#clients.v3;
  }

  /** Synchronous: blocks until the response is received and verified. */
  request(method: string, template: string, options?: VerbOptions): Response {
    const { handler, request, handlerOptions } = this.#prepare(method, template, options, true);
    const call = { open: true };
    try {
      return handler(request, Object.assign(Object.create(null), handlerOptions, { [SYNC_CALL]: call })) as Response;
    } finally {
      // An entry that went asynchronous (and was refused) may still call on later: nothing must be sent then.
      call.open = false;
    }
  }

  /** Promise verb. Bad options reject the promise too, so one `.catch` sees every failure. */
  async requestAsync(method: string, template: string, options?: VerbOptions): Promise<Response> {
    const { handler, request, handlerOptions } = this.#prepare(method, template, options, false);
    return handler(request, handlerOptions);
  }

  /** Closes the connection pools this client opened. */
  async close(): Promise<void> {
    await this.#transports.close();
  }

  #prepare(method: string, template: string, options: VerbOptions | undefined, sync: boolean) {
    const prepared = prepareRequest(method, template, options, this.config);
    if (prepared.options.security === true && prepared.protocol === 'v3') {
      throw new InvalidArgumentException('`security` (mutual TLS) is an APIv2 option; APIv3 endpoints authenticate with the signature.');
    }
    // No prototype: a polluted Object.prototype must not lend an option to any entry or the transport.
    const handlerOptions: HandlerOptions = Object.assign(Object.create(null), prepared.options, { sync, protocol: prepared.protocol, pathname: prepared.pathname });
    const handler = prepared.options.handler === undefined ? this.#clients[prepared.protocol].handler.resolve() : this.#requestHandler(prepared.options.handler);
    return { handler, request: prepared.request, handlerOptions };
  }

  /**
   * Guzzle's per-request `handler`: a stack (typically a clone of `getConfig('handler')` with an entry
   * removed) runs instead of the client's; one without a handler of its own sends through our transport.
   */
  #requestHandler(handler: HandlerStack | Handler): Handler {
    if (typeof handler === 'function') return handler;
    if (handler.hasHandler()) return handler.resolve();
    const stack = handler.clone();
    stack.setHandler(this.#terminal);
    return stack.resolve();
  }
}

/** Failover to the backup hosts, with the client's retry policy. */
function retrySettings(config: ResolvedConfig): RetrySettings {
  return { hosts: { primary: config.baseUri, backups: config.backupBaseUris }, policy: config.retry };
}
