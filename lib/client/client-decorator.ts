/**
 * The PHP SDK's ClientDecorator: one object per merchant holding the APIv3 (JSON) and APIv2 (XML)
 * clients, each with its own HandlerStack, both over the same transports. Verbs on chain nodes end here.
 */
import { InvalidArgumentException } from '../errors';
import type { Response } from '../message/response';
import { HandlerStack } from '../stack/handler-stack';
import type { RetrySettings } from '../stack/retry';
import { SYNC_CALL, type HandlerOptions } from '../stack/types';
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
  /**
   * Each protocol's client is built on first use: a process may hold thousands of merchants, most of which
   * never call APIv2 (and some not yet APIv3).
   */
  readonly #clients: Partial<Record<Protocol, Client>> = {};
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
      return handler(request, { ...handlerOptions, [SYNC_CALL]: call }) as Response;
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
    const handlerOptions: HandlerOptions = { ...prepared.options, sync, protocol: prepared.protocol, pathname: prepared.pathname };
    return { handler: this.#client(prepared.protocol).handler.resolve(), request: prepared.request, handlerOptions };
  }

  #client(protocol: Protocol): Client {
    const built = this.#clients[protocol];
    if (built) return built;
    const base = this.#base?.clone() ?? HandlerStack.create();
    const terminal = terminalHandler(this.#transports, this.config);
    const settings = { ...this.config, retry: retrySettings(this.config) };
    const handler = protocol === 'v3' ? v3Stack(base, settings, terminal) : v2Stack(base, settings, terminal);
    return (this.#clients[protocol] = new Client({ handler, base_uri: this.config.baseUri.href, headers: this.config.headers }));
  }
}

/** Failover to the backup hosts, with the client's retry policy. */
function retrySettings(config: ResolvedConfig): RetrySettings {
  return { hosts: { primary: config.baseUri, backups: config.backupBaseUris }, policy: config.retry };
}
