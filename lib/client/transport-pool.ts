/**
 * The transports of one client: a keep-alive pool for ordinary requests and, built on first use, one
 * more per distinct set of connection settings a request asks for (APIv2 `security: true`, Guzzle's
 * `cert`/`ssl_key`, `verify`, `proxy`, `connect_timeout`, `version`). The synchronous bridge gets the same
 * descriptions, so both verb kinds connect alike. The ordinary pool is the process-wide one for the
 * client's connection settings (see shared-transports.ts), so thousands of merchants share it.
 */
import { InvalidArgumentException } from '../errors';
import type { HandlerOptions } from '../stack/types';
import { AsyncTransport } from '../transport/async';
import { SyncTransport } from '../transport/sync';
import { warmSyncBridgeSoon } from '../transport/bridge';
import type { AgentOptions, TlsClientCertificate } from '../transport/wire';
import type { ResolvedConfig } from './config';
import { merchantTls, requestAgent, type MerchantTlsSource } from './request-agent';
import { acquireShared, releaseShared, type TransportPair } from './shared-transports';
import type { Transports } from './terminal';

interface Pair {
  readonly async: AsyncTransport;
  readonly sync: SyncTransport;
  readonly agent: AgentOptions;
}

/** Pools kept for per-request settings; past this the oldest is closed (a later request rebuilds it). */
const MAX_VARIANT_POOLS = 16;

export class TransportPool implements Transports, MerchantTlsSource {
  readonly #config: ResolvedConfig;
  readonly #plain: Pair;
  /** The process-wide pool behind `#plain` (see shared-transports.ts), until close() gives it back. */
  #shared: TransportPair | undefined;
  /** Made on the first request that asks for other settings: most clients never do. */
  #variants: Map<string, Pair> | undefined;
  #merchantTls: TlsClientCertificate | undefined;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    const agent = agentOptions(config);
    if (config.dispatcher) {
      this.#plain = pair(agent, config.dispatcher);
    } else {
      // The shared pair is this client's plain pair as is: nothing of it is kept per client.
      this.#plain = this.#shared = acquireShared(agent);
      warmSyncBridgeSoon();
    }
  }

  async(options: HandlerOptions): AsyncTransport {
    return this.#pick(options).async;
  }

  sync(options: HandlerOptions): SyncTransport {
    const picked = this.#pick(options);
    if (picked === this.#plain && this.#config.dispatcher) {
      // The worker thread cannot use a Dispatcher object (a MockAgent, a custom pool): sending through
      // another pool behind the user's back would be worse than saying so.
      throw new InvalidArgumentException('A configured `dispatcher` serves the promise verbs only: use getAsync()/postAsync()…, or drop `dispatcher` to use the synchronous verbs.');
    }
    return picked.sync;
  }

  /** The configured merchant certificate, read on the first request that needs it. */
  merchantCertificate(): TlsClientCertificate {
    return (this.#merchantTls ??= merchantTls(this.#config.merchant?.reveal()));
  }

  async close(): Promise<void> {
    const shared = this.#shared;
    this.#shared = undefined;
    // Clients with the same settings share the ordinary pool: the last one to close it closes it.
    const variants = [...(this.#variants?.values() ?? [])];
    const pairs = this.#config.dispatcher ? [this.#plain, ...variants] : variants;
    this.#variants = undefined;
    if (shared) await releaseShared(shared);
    for (const p of pairs) p.sync.close();
    await Promise.all(pairs.map((p) => p.async.close()));
  }

  #pick(options: HandlerOptions): Pair {
    const agent = requestAgent(this.#plain.agent, options, this);
    if (agent === undefined) return this.#plain;
    if (this.#config.dispatcher && agent.tls === undefined) {
      // Settings of a connection cannot be laid over the user's own Dispatcher; a pool of ours would bypass it.
      throw new InvalidArgumentException(
        'This request asks for its own connection settings (connect_timeout, verify, proxy or version), which cannot be applied to the configured `dispatcher`: set them on that dispatcher instead.',
      );
    }
    const key = JSON.stringify(agent);
    const variants = (this.#variants ??= new Map());
    let found = variants.get(key);
    if (found === undefined) {
      found = pair(agent, undefined);
      variants.set(key, found);
      if (variants.size > MAX_VARIANT_POOLS) this.#evictOldest(variants);
    }
    return found;
  }

  #evictOldest(variants: Map<string, Pair>): void {
    const [key, oldest] = variants.entries().next().value as [string, Pair];
    variants.delete(key);
    oldest.sync.close();
    void oldest.async.close();
  }
}

/** A user's dispatcher serves the ordinary pool only: other settings need a pool built with them. */
function pair(agent: AgentOptions, dispatcher: ResolvedConfig['dispatcher']): Pair {
  return { agent, async: new AsyncTransport(dispatcher ? { agent, dispatcher } : { agent }), sync: new SyncTransport(agent) };
}

function agentOptions(config: ResolvedConfig): AgentOptions {
  return { connectTimeoutMs: config.connectTimeoutMs, ...config.proxy, ...(config.ca ? { ca: config.ca } : {}) };
}
