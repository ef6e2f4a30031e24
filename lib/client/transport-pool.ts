/**
 * The transports of one client: a keep-alive pool for ordinary requests and, built on first use, a second
 * one presenting the merchant certificate for APIv2 `security: true` calls. The synchronous bridge gets
 * the same descriptions, so both verb kinds connect alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentException } from '../errors';
import { readPkcs12 } from '../crypto/pkcs12';
import type { HandlerOptions } from '../stack/types';
import { AsyncTransport } from '../transport/async';
import { SyncTransport } from '../transport/sync';
import type { AgentOptions, TlsClientCertificate } from '../transport/wire';
import type { MerchantCertificate, ResolvedConfig } from './config';
import type { Transports } from './terminal';

interface Pair {
  readonly async: AsyncTransport;
  readonly sync: SyncTransport;
  readonly agent: AgentOptions;
}

export class TransportPool implements Transports {
  readonly #config: ResolvedConfig;
  readonly #plain: Pair;
  #mutual: Pair | undefined;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#plain = pair(agentOptions(config), config);
  }

  async(options: HandlerOptions): AsyncTransport {
    return this.#pick(options).async;
  }

  sync(options: HandlerOptions): SyncTransport {
    if (this.#config.dispatcher && options.security !== true) {
      // The worker thread cannot use a Dispatcher object (a MockAgent, a custom pool): sending through
      // another pool behind the user's back would be worse than saying so.
      throw new InvalidArgumentException('A configured `dispatcher` serves the promise verbs only: use getAsync()/postAsync()…, or drop `dispatcher` to use the synchronous verbs.');
    }
    return this.#pick(options).sync;
  }

  async close(): Promise<void> {
    await Promise.all([this.#plain.async.close(), this.#mutual?.async.close()]);
  }

  #pick(options: HandlerOptions): Pair {
    if (options.security !== true) return this.#plain;
    return (this.#mutual ??= pair({ ...agentOptions(this.#config), tls: merchantTls(this.#config.merchant?.reveal()) }, this.#config));
  }
}

function pair(agent: AgentOptions, config: ResolvedConfig): Pair {
  // A user's dispatcher serves the ordinary pool only: mutual TLS needs a pool that presents our certificate.
  const dispatcher = agent.tls ? undefined : config.dispatcher;
  return { agent, async: new AsyncTransport(dispatcher ? { agent, dispatcher } : { agent }), sync: new SyncTransport(agent) };
}

function agentOptions(config: ResolvedConfig): AgentOptions {
  return { connectTimeoutMs: config.connectTimeoutMs, ...config.proxy, ...(config.ca ? { ca: config.ca } : {}) };
}

/** PEM cert + key as given, or read out of a PKCS#12 file (whose legacy ciphers Node's OpenSSL 3 refuses). */
function merchantTls(merchant: MerchantCertificate | undefined): TlsClientCertificate {
  if (!merchant) {
    throw new InvalidArgumentException('`security: true` needs the merchant API certificate: configure `merchant: { cert, key }` or `merchant: { pfx, passphrase }`.');
  }
  if ('pfx' in merchant) return readPkcs12(readMaterial(merchant.pfx, 'merchant.pfx'), merchant.passphrase ?? '');
  return {
    cert: readMaterial(merchant.cert, 'merchant.cert').toString('utf8'),
    key: readMaterial(merchant.key, 'merchant.key').toString('utf8'),
    ...(merchant.passphrase ? { passphrase: merchant.passphrase } : {}),
  };
}

/** Bytes of PEM/PKCS#12 material given inline or as a `file://` URL or path. */
function readMaterial(value: string | Buffer, field: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value.includes('-----BEGIN ')) return Buffer.from(value, 'utf8');
  const path = value.startsWith('file://') ? fileURLToPath(value) : value;
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new InvalidArgumentException(`\`${field}\` could not be read from ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
}
