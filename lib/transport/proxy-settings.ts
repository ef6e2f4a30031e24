/**
 * Which proxy the pools use: the one configured, else the usual environment variables (read here, on the
 * calling thread, and handed to both verb kinds' pools as data), else none. `false` ignores the environment.
 */
import { InvalidArgumentException } from '../errors';
import { registerSecret } from '../redact';
import type { AgentOptions } from './wire';

export type ProxySettings = Pick<AgentOptions, 'proxy' | 'environmentProxy'>;

/** No proxy: one frozen object for every client of the process that has none. */
const NO_PROXY: ProxySettings = Object.freeze({});

export function resolveProxy(value: unknown, env: NodeJS.ProcessEnv = process.env): ProxySettings {
  if (value === false) return NO_PROXY;
  if (value !== undefined && value !== null) return { proxy: proxyUrl(value, '`proxy`') };
  const httpProxy = env.http_proxy || env.HTTP_PROXY;
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY;
  if (!httpProxy && !httpsProxy) return NO_PROXY;
  const noProxy = env.no_proxy || env.NO_PROXY;
  return {
    environmentProxy: {
      ...(httpProxy ? { httpProxy: proxyUrl(httpProxy, 'HTTP_PROXY') } : {}),
      ...(httpsProxy ? { httpsProxy: proxyUrl(httpsProxy, 'HTTPS_PROXY') } : {}),
      ...(noProxy ? { noProxy } : {}),
    },
  };
}

function proxyUrl(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentException(`${field} must be a proxy URL such as http://127.0.0.1:3128, or false.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentException(`${field} is not a valid proxy URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentException(`${field} must be an http(s) proxy URL, not ${url.protocol}`);
  // Proxy credentials are masked wherever an error or debug line would print them.
  if (url.password) registerSecret(decodeURIComponent(url.password));
  return value;
}
