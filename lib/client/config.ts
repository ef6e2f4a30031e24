/**
 * `Builder.factory` configuration: validated once, keys parsed once. Every problem is an
 * InvalidArgumentException naming the field, thrown before any request exists.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { InvalidArgumentException } from '../errors';
import { Rsa } from '../crypto/rsa';
import { concealingPrototype, REDACTED, registerSecret, Sealed } from '../redact';
import { HandlerStack } from '../stack/handler-stack';
import type { DebugSink, Handler } from '../stack/types';
import { resolveRetryPolicy, type RetryOptions, type RetryPolicy } from '../resilience/retry-policy';
import { resolveProxy, type ProxySettings } from '../transport/proxy-settings';
import { CertificateStore, type CertificateSource } from '../keys/certificate-store';
import { isCertificateSource } from '../keys/certificate-source';
import { loadKey } from '../keys/load-key';
import { MerchantKey } from '../keys/merchant-key';
import { RecentlyUsed } from '../stores/recently-used';
import { secondsToMs } from './timeouts';

/** Anything Rsa.from accepts: PEM text, `file://…`, `private.pkcs8://…`, a Buffer, a KeyObject, a certificate. */
export type KeyLike = string | Buffer | KeyObject | X509Certificate | readonly [pem: string, passphrase: string];

/** The merchant API certificate for APIv2 mutual TLS: PEM cert + key, or a PKCS#12 file. */
export type MerchantCertificate =
  | { cert: string | Buffer; key: string | Buffer; passphrase?: string }
  | { pfx: Buffer | string; passphrase?: string };

export type { DebugSink };

export interface ClientConfig {
  /** Serial number of the merchant API certificate (signs APIv3 requests). APIv3 needs all three of serial, privateKey and certs; an APIv2-only merchant gives none. */
  serial?: string;
  /** Merchant API private key (APIv3). */
  privateKey?: KeyLike;
  /** Keys that verify APIv3 responses, by serial: platform certificate serials and/or `PUB_KEY_ID_…` ids. */
  certs?: Record<string, KeyLike> | CertificateSource;
  /** Merchant id. */
  mchid: string;
  /** APIv2 key. */
  secret?: string;
  /** APIv2 mutual TLS (`security: true`). */
  merchant?: MerchantCertificate;
  /** Default `https://api.mch.weixin.qq.com/`. */
  base_uri?: string;
  /**
   * Failover host(s), each tried once when no response came from the one before. Default
   * `https://api2.mch.weixin.qq.com/` when `base_uri` is the default (none otherwise); `false` turns failover off.
   */
  backup_base_uri?: string | string[] | false;
  /** Retries with backoff and jitter on 5xx/429 for repeatable methods (GET, HEAD by default); `false` turns them off. */
  retry?: RetryOptions | false;
  /** Extra default headers for every request. */
  headers?: Record<string, string>;
  /** Whole-exchange timeout in seconds, fractions allowed, as Guzzle's (default 30; 0 = none). */
  timeout?: number;
  /** Connect timeout in seconds, as Guzzle's (default 10). */
  connect_timeout?: number;
  /** Seconds to wait for each read (the response headers, then every body chunk), as Guzzle's (default 0 = `timeout` only). */
  read_timeout?: number;
  /** First-byte timeout: from the request written to the response headers, in seconds (default 0 = `timeout` only). */
  headers_timeout?: number;
  /** HTTP(S) proxy URL for both verb kinds; default: `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` from the environment; `false`: none. */
  proxy?: string | false;
  /** An undici Dispatcher for the promise verbs (proxy, MockAgent, custom pool). */
  dispatcher?: Dispatcher;
  /** Print every exchange (secrets redacted): true for stderr, or a function receiving lines. */
  debug?: boolean | DebugSink;
  /** Extra CA certificates (PEM) to trust, e.g. a sandbox served over HTTPS. */
  ca?: string | string[];
  /**
   * Guzzle's `handler`: a HandlerStack whose entries run outside ours and whose handler (when it has one)
   * answers instead of the network, or a bare handler function. `HandlerStack.create(mock)` is how a PHP
   * suite mocks the SDK.
   */
  handler?: HandlerStack | Handler;
}

/** Every key `Builder.factory` takes; any other is refused, never dropped. */
export const CONFIG_KEYS: ReadonlySet<string> = new Set([
  'mchid', 'serial', 'privateKey', 'certs', 'secret', 'merchant', 'base_uri', 'backup_base_uri', 'retry', 'headers',
  'timeout', 'connect_timeout', 'read_timeout', 'headers_timeout', 'proxy', 'dispatcher', 'debug', 'ca', 'handler',
] satisfies ReadonlyArray<keyof ClientConfig>);

/** What signs and verifies APIv3 requests. */
export interface ApiV3Keys {
  readonly serial: string;
  /** Checked here; parsed by OpenSSL only when the merchant signs (see merchant-key.ts). */
  readonly privateKey: MerchantKey;
  readonly certs: CertificateSource;
}

export interface ResolvedConfig {
  readonly mchid: string;
  /** Undefined for an APIv2-only merchant (built with `mchid`, `secret` and `merchant` alone). */
  readonly apiv3: ApiV3Keys | undefined;
  readonly secret: string | undefined;
  /** Sealed: the mutual-TLS key (or PKCS#12 file) is read only where the mTLS pool is built. */
  readonly merchant: Sealed<MerchantCertificate> | undefined;
  readonly baseUri: URL;
  /** Failover hosts, in order (empty: no failover). */
  readonly backupBaseUris: readonly URL[];
  readonly retry: RetryPolicy;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly proxy: ProxySettings;
  readonly dispatcher: Dispatcher | undefined;
  readonly debug: DebugSink | undefined;
  readonly ca: string | string[] | undefined;
  readonly handler: HandlerStack | undefined;
}

/** Guzzle request options that are per call here: PHP code that puts them in the client config is told where they go. */
const PER_REQUEST_ONLY = new Set(['http_errors', 'allow_redirects', 'verify', 'version', 'delay', 'on_stats', 'cert', 'ssl_key', 'sink', 'query', 'json', 'body']);

export const DEFAULT_BASE_URI = 'https://api.mch.weixin.qq.com/';
/** WeChat Pay's backup domain (docs/protocol.md §0). */
export const DEFAULT_BACKUP_BASE_URI = 'https://api2.mch.weixin.qq.com/';

export function resolveConfig(input: unknown): ResolvedConfig {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentException('`Builder.factory(config)` needs a config object.');
  const config = ownKeys(input) as Partial<ClientConfig>;

  const mchid = requireString(config.mchid, 'mchid', "The merchant's ID aka `mchid` is required, usually numerical");
  if (config.secret !== undefined && typeof config.secret !== 'string') throw new InvalidArgumentException('`secret` (the APIv2 key) must be a string.');
  registerSecret(config.secret);
  const apiv3 = resolveApiV3Keys(config);

  const baseUri = sharedBaseUri(config.base_uri ?? DEFAULT_BASE_URI);
  return concealSecrets({
    mchid,
    apiv3,
    secret: config.secret,
    merchant: resolveMerchant(config.merchant),
    baseUri,
    backupBaseUris: resolveBackups(config.backup_base_uri, baseUri),
    retry: resolveRetryPolicy(config.retry, 'retry'),
    headers: resolveHeaders(config.headers),
    timeoutMs: secondsToMs(config.timeout, 'timeout', 30_000),
    connectTimeoutMs: secondsToMs(config.connect_timeout, 'connect_timeout', 10_000),
    readTimeoutMs: secondsToMs(config.read_timeout, 'read_timeout', 0),
    headersTimeoutMs: secondsToMs(config.headers_timeout, 'headers_timeout', 0),
    proxy: resolveProxy(config.proxy),
    dispatcher: config.dispatcher,
    debug: resolveDebug(config.debug),
    ca: config.ca,
    handler: resolveHandler(config.handler),
  });
}

/**
 * The resolved config is reachable from every client (`getDriver().config`): logging it must not print the
 * APIv2 secret or the mutual-TLS key. It prints with those fields masked; its `merchant` prints masked too.
 */
function concealSecrets(config: ResolvedConfig): ResolvedConfig {
  return Object.setPrototypeOf(config, CONCEALED_CONFIG) as ResolvedConfig;
}

/** Shared by every resolved config: nothing per merchant client. */
const CONCEALED_CONFIG = concealingPrototype((config: ResolvedConfig): Record<string, unknown> => ({
  ...config,
  apiv3: config.apiv3 === undefined ? undefined : { ...config.apiv3, privateKey: REDACTED },
  secret: config.secret === undefined ? undefined : REDACTED,
  merchant: config.merchant === undefined ? undefined : REDACTED,
}));

/** The APIv2-only form, shown wherever a config looks like one. */
const APIV2_ONLY_FORM = "Builder.factory({ mchid, secret: 'your APIv2 key', merchant: { cert, key } })";

/**
 * APIv3's keys, all checked here; none at all makes an APIv2-only client (which then needs `secret`).
 * PHP's README fills the APIv3 fields with placeholders for APIv2-only use; here they are left out.
 */
function resolveApiV3Keys(config: { serial?: unknown; privateKey?: unknown; certs?: unknown; secret?: string }): ApiV3Keys | undefined {
  if (config.serial === undefined && config.privateKey === undefined && config.certs === undefined) {
    if (config.secret === undefined) {
      throw new InvalidArgumentException(
        'The config has neither APIv3 keys (`serial`, `privateKey`, `certs`) nor an APIv2 `secret`: give the APIv3 keys, ' +
          `or, for an APIv2-only merchant, ${APIV2_ONLY_FORM}.`,
      );
    }
    return undefined;
  }
  if (looksLikePhpPlaceholders(config)) {
    throw new InvalidArgumentException(
      "`privateKey: 'any'` and `certs: { any: null }` are the PHP SDK's placeholders for an APIv2-only client. Here leave out " +
        `\`serial\`, \`privateKey\` and \`certs\` altogether: ${APIV2_ONLY_FORM}. An APIv3 call on that client is refused with a clear error.`,
    );
  }
  const serial = requireString(config.serial, 'serial', "The serial number of the merchant's certificate aka `serial` is required, usually hexadecimal");
  if (config.privateKey === undefined || config.privateKey === null || config.privateKey === '') {
    throw new InvalidArgumentException("The merchant's private key aka `privateKey` is required, usually as PEM text, a `file://` path or a KeyObject.");
  }
  const privateKey = MerchantKey.load(config.privateKey, '`privateKey`');
  return { serial, privateKey, certs: resolveCerts(config.certs, serial) };
}

/** A `certs` entry without a key, or a `privateKey` that is a short word rather than key material. */
function looksLikePhpPlaceholders({ privateKey, certs }: { privateKey?: unknown; certs?: unknown }): boolean {
  const emptyCert = typeof certs === 'object' && certs !== null && !isCertificateSource(certs) && Object.values(certs).some((v) => v === null || v === undefined);
  const wordKey = typeof privateKey === 'string' && /^\w{0,16}$/.test(privateKey);
  return emptyCert || wordKey;
}

/**
 * The config's own keys only, on an object without a prototype: an inherited or polluted `base_uri` must
 * never redirect the client. A key we do not know is refused by name, never silently dropped.
 */
function ownKeys(input: object): Record<string, unknown> {
  const own: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(input)) {
    if (!CONFIG_KEYS.has(key)) throw unknownKey(key);
    own[key] = (input as Record<string, unknown>)[key];
  }
  return own;
}

function unknownKey(key: string): InvalidArgumentException {
  if (PER_REQUEST_ONLY.has(key)) {
    return new InvalidArgumentException(`\`${key}\` is a per-request option here: give it in a verb's options (e.g. \`get({ ${key}: … })\`), not in Builder.factory().`);
  }
  return new InvalidArgumentException(`Unknown configuration key \`${key}\` for Builder.factory(); the keys are: ${[...CONFIG_KEYS].join(', ')}.`);
}

/** A HandlerStack is cloned per protocol by the client; a bare handler becomes a stack around it. */
function resolveHandler(handler: unknown): HandlerStack | undefined {
  if (handler === undefined || handler === null) return undefined;
  if (handler instanceof HandlerStack) return handler;
  if (typeof handler === 'function') return HandlerStack.create(handler as Handler);
  throw new InvalidArgumentException('`handler` must be a HandlerStack (e.g. HandlerStack.create(mock)) or a handler function (request, options) => response.');
}

function requireString(value: unknown, field: string, message: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentException(`${message}; got ${value === undefined ? 'nothing' : typeof value === 'string' ? 'an empty string' : `a ${typeof value}`} for \`${field}\`.`);
  }
  return value;
}

function resolveCerts(certs: unknown, serial: string): CertificateSource {
  if (isCertificateSource(certs)) {
    // serials(), not get(): a live source may start fetching when asked for a key it lacks.
    if (certs.serials().includes(serial)) throw mixedSerial(certs.serials(), serial);
    return certs;
  }
  if (typeof certs !== 'object' || certs === null || Array.isArray(certs) || Object.keys(certs).length === 0) {
    throw new InvalidArgumentException(
      'The platform certificate(s) or WeChat Pay public key(s) aka `certs` are required, paired as `{ [serial or PUB_KEY_ID_…]: key }`.',
    );
  }
  const entries = Object.entries(certs as Record<string, unknown>);
  if (entries.some(([key]) => key === serial)) throw mixedSerial(entries.map(([k]) => k), serial);
  return new CertificateStore(entries.map(([key, value]) => [key, loadKey(value, Rsa.KEY_TYPE_PUBLIC, `\`certs['${key}']\``)]));
}

function mixedSerial(keys: string[], serial: string): InvalidArgumentException {
  return new InvalidArgumentException(
    `The \`certs(${keys.join(',')})\` contains the merchant's certificate serial number (${serial}), which is not allowed: \`certs\` holds WeChat Pay's keys, \`serial\` is yours.`,
  );
}

function resolveMerchant(merchant: unknown): Sealed<MerchantCertificate> | undefined {
  if (merchant === undefined || merchant === null) return undefined;
  if (typeof merchant !== 'object') throw new InvalidArgumentException('`merchant` must be `{ cert, key }` (PEM) or `{ pfx, passphrase }` (PKCS#12).');
  const m = merchant as Record<string, unknown>;
  if (m.pfx !== undefined) return new Sealed({ pfx: m.pfx as Buffer | string, passphrase: m.passphrase as string | undefined });
  if (m.cert === undefined || m.key === undefined) throw new InvalidArgumentException('`merchant` needs both `cert` and `key` (PEM text, Buffer or `file://` path), or `pfx`.');
  return new Sealed({ cert: m.cert as string, key: m.key as string, passphrase: m.passphrase as string | undefined });
}

export function parseBaseUri(value: unknown, field: string): URL {
  if (typeof value !== 'string') throw new InvalidArgumentException(`\`${field}\` must be a URL string such as ${DEFAULT_BASE_URI}.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentException(`\`${field}\` is not a valid URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentException(`\`${field}\` must be http(s), not ${url.protocol}`);
  return url;
}

/** Parsed `base_uri`s by text: the clients of one host share one URL object, which nothing changes after parsing. */
const baseUris = new RecentlyUsed<string, URL>(64);

function sharedBaseUri(value: unknown): URL {
  if (typeof value !== 'string') return parseBaseUri(value, 'base_uri');
  return baseUris.get(value) ?? baseUris.set(value, parseBaseUri(value, 'base_uri'));
}

const DEFAULT_BACKUPS: readonly URL[] = Object.freeze([new URL(DEFAULT_BACKUP_BASE_URI)]);
const NO_BACKUPS: readonly URL[] = Object.freeze([]);

/** Only the real primary gets the real backup by default: a sandbox or a proxy base must not fail over to it. */
function resolveBackups(value: unknown, baseUri: URL): readonly URL[] {
  if (value === false) return NO_BACKUPS;
  if (value === undefined || value === null) return baseUri.href === DEFAULT_BASE_URI ? DEFAULT_BACKUPS : NO_BACKUPS;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((uri, i) => parseBaseUri(uri, Array.isArray(value) ? `backup_base_uri[${i}]` : 'backup_base_uri'));
}

/** The headers of every client that gives none: one frozen object for the process. */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function resolveHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return NO_HEADERS;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw new InvalidArgumentException('`headers` must be an object of header names to values.');
  return Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}


function resolveDebug(debug: unknown): DebugSink | undefined {
  if (!debug) return undefined;
  if (typeof debug === 'function') return debug as DebugSink;
  return (line) => process.stderr.write(`${line}\n`);
}
