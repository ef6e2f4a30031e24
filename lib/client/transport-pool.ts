/**
 * The transports of one client: the process-wide keep-alive pool for its connection settings (see
 * shared-transports.ts) and, built on first use, its own pool presenting the merchant certificate for
 * APIv2 `security: true` calls. The synchronous bridge gets the same descriptions, so both verb kinds
 * connect alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentException } from '../errors';
import { readPkcs12 } from '../crypto/pkcs12';
import type { HandlerOptions } from '../stack/types';
import { AsyncTransport } from '../transport/async';
import { SyncTransport } from '../transport/sync';
import { warmSyncBridgeSoon } from '../transport/bridge';
import type { AgentOptions, TlsClientCertificate } from '../transport/wire';
import type { MerchantCertificate, ResolvedConfig } from './config';
import { acquireShared, releaseShared, type TransportPair } from './shared-transports';
import type { Transports } from './terminal';

export class TransportPool implements Transports {
  readonly #config: ResolvedConfig;
  /** Acquired on first use (a client never used holds no pool) and given back by close(). */
  #plain: TransportPair | undefined;
  #plainShared = false;
  #mutual: TransportPair | undefined;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    if (!config.dispatcher) warmSyncBridgeSoon();
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

  /** Gives back the shared pool and closes this client's own ones; a later request acquires again. */
  async close(): Promise<void> {
    const plain = this.#plain;
    const mutual = this.#mutual;
    const shared = this.#plainShared;
    this.#plain = this.#mutual = undefined;
    await Promise.all([plain && (shared ? releaseShared(plain) : closeOwn(plain)), mutual && closeOwn(mutual)]);
  }

  #pick(options: HandlerOptions): TransportPair {
    if (options.security !== true) return (this.#plain ??= this.#acquirePlain());
    return (this.#mutual ??= ownPair({ ...agentOptions(this.#config), tls: merchantTls(this.#config.merchant?.reveal()) }));
  }

  #acquirePlain(): TransportPair {
    const agent = agentOptions(this.#config);
    // A user's dispatcher serves the ordinary pool only: mutual TLS needs a pool that presents our certificate.
    const dispatcher = this.#config.dispatcher;
    this.#plainShared = dispatcher === undefined;
    return dispatcher ? { async: new AsyncTransport({ agent, dispatcher }), sync: new SyncTransport(agent) } : acquireShared(agent);
  }
}

function ownPair(agent: AgentOptions): TransportPair {
  return { async: new AsyncTransport({ agent }), sync: new SyncTransport(agent) };
}

async function closeOwn(pair: TransportPair): Promise<void> {
  pair.sync.close();
  await pair.async.close();
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
