/**
 * The connection settings a single request may change, as Guzzle lets it: `connect_timeout`, `verify`,
 * `proxy`, `version`, and the client certificate (`cert`/`ssl_key`, or `security: true` with the
 * configured merchant certificate). They describe a pool, so a request that changes one goes through a
 * pool built with it; `undefined` means the client's own pool serves it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentException } from '../errors';
import { readPkcs12 } from '../crypto/pkcs12';
import type { HandlerOptions } from '../stack/types';
import { resolveProxy } from '../transport/proxy-settings';
import type { AgentOptions, TlsClientCertificate } from '../transport/wire';
import type { MerchantCertificate } from './config';
import type { TlsFileOption, VerbOptions } from './options';
import { secondsToMs } from './timeouts';

/** Gives the configured merchant certificate, for `security: true` (read once by its holder). */
export interface MerchantTlsSource {
  merchantCertificate(): TlsClientCertificate;
}

export function requestAgent(base: AgentOptions, options: HandlerOptions, merchant: MerchantTlsSource): AgentOptions | undefined {
  const o = options as Readonly<VerbOptions>;
  let agent: AgentOptions | undefined;
  const change = (patch: AgentOptions) => (agent = { ...(agent ?? base), ...patch });

  if (o.connect_timeout !== undefined) change({ connectTimeoutMs: secondsToMs(o.connect_timeout, 'connect_timeout', 0) });
  if (o.verify === false) change({ rejectUnauthorized: false });
  else if (typeof o.verify === 'string') change({ ca: readMaterial(o.verify, 'verify').toString('utf8') });
  if (o.proxy !== undefined) change({ proxy: undefined, environmentProxy: undefined, ...proxyOf(o.proxy) });
  if (isHttp2(o.version)) change({ allowH2: true });
  if (o.cert !== undefined || o.ssl_key !== undefined) change({ tls: tlsFiles(o.cert, o.ssl_key) });
  else if (o.security === true) change({ tls: merchant.merchantCertificate() });
  return agent;
}

/** `'2'`, `'2.0'`, `2`: offer HTTP/2. `'1.1'` is what every pool speaks already. */
export function isHttp2(version: unknown): boolean {
  return version === 2 || version === '2' || version === '2.0';
}

/** Guzzle's proxy forms: a URL, `false`/'' for none, or `{ http, https, no }` per scheme. */
function proxyOf(proxy: unknown): Pick<AgentOptions, 'proxy' | 'environmentProxy'> {
  if (proxy === false || proxy === '') return {};
  if (typeof proxy === 'object' && proxy !== null && !Array.isArray(proxy)) {
    const { http, https, no } = proxy as { http?: unknown; https?: unknown; no?: unknown };
    const noProxy = Array.isArray(no) ? no.join(',') : no;
    // The same checks as the environment's proxies, which have the same shape.
    return resolveProxy(undefined, { HTTP_PROXY: http as string, HTTPS_PROXY: https as string, NO_PROXY: noProxy as string });
  }
  return resolveProxy(proxy);
}

/** Guzzle's `cert` and `ssl_key`: PEM files (or text), each maybe `[file, passphrase]`; or a PKCS#12 `cert`. */
function tlsFiles(cert: TlsFileOption | undefined, key: TlsFileOption | undefined): TlsClientCertificate {
  const [certFile, certPass] = fileAndPassphrase(cert, 'cert');
  const [keyFile, keyPass] = fileAndPassphrase(key, 'ssl_key');
  const passphrase = keyPass ?? certPass;
  if (certFile !== undefined && keyFile === undefined && /\.(p12|pfx)$/i.test(certFile)) return readPkcs12(readMaterial(certFile, 'cert'), passphrase ?? '');
  if (certFile === undefined || keyFile === undefined) {
    throw new InvalidArgumentException('Mutual TLS needs both `cert` (the merchant certificate) and `ssl_key` (its private key), or a `.p12` file as `cert`.');
  }
  return {
    cert: readMaterial(certFile, 'cert').toString('utf8'),
    key: readMaterial(keyFile, 'ssl_key').toString('utf8'),
    ...(passphrase ? { passphrase } : {}),
  };
}

function fileAndPassphrase(value: TlsFileOption | undefined, field: string): [string | undefined, string | undefined] {
  if (value === undefined) return [undefined, undefined];
  if (typeof value === 'string' && value !== '') return [value, undefined];
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  throw new InvalidArgumentException(`\`${field}\` must be a file path (or PEM text), or [path, passphrase], as in Guzzle.`);
}

/** The configured merchant certificate: PEM cert + key, or read out of a PKCS#12 file (whose legacy ciphers Node's OpenSSL 3 refuses). */
export function merchantTls(merchant: MerchantCertificate | undefined): TlsClientCertificate {
  if (!merchant) {
    throw new InvalidArgumentException(
      '`security: true` needs the merchant API certificate: configure `merchant: { cert, key }` or `merchant: { pfx, passphrase }`, or give `cert` and `ssl_key` with the request.',
    );
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
