/**
 * The Guzzle request options a verb takes, checked before anything is signed or sent: each must have the
 * shape Guzzle gives it, and each Guzzle option we do not take is refused by name with what to do instead.
 */
import { InvalidArgumentException } from '../errors';
import { HandlerStack } from '../stack/handler-stack';
import { REFUSED_GUZZLE_OPTIONS, type VerbOptions } from './options';
import { MAX_TIMEOUT_MS, secondsToMs } from './timeouts';

const REDIRECT_KEYS = new Set(['max', 'strict', 'referer', 'protocols']);
const VERSIONS = new Set<unknown>(['1.1', 1.1, '2', '2.0', 2]);

/** The refusal for a Guzzle option this client does not take, or undefined when `key` is none of them. */
export function refusedGuzzleOption(key: string): InvalidArgumentException | undefined {
  if (!Object.hasOwn(REFUSED_GUZZLE_OPTIONS, key)) return undefined;
  return new InvalidArgumentException(`The Guzzle option \`${key}\` is not supported: ${REFUSED_GUZZLE_OPTIONS[key]}.`);
}

/** The options `checkGuzzleOptions` reads: a request with none of them needs no check. */
export const GUZZLE_CHECKED: ReadonlySet<string> = new Set(['timeout', 'connect_timeout', 'read_timeout', 'http_errors', 'allow_redirects', 'verify', 'proxy', 'delay', 'on_stats', 'version', 'handler']);

export function checkGuzzleOptions(options: Readonly<VerbOptions>): void {
  for (const field of ['timeout', 'connect_timeout', 'read_timeout'] as const) secondsToMs(options[field], field, 0);
  const { http_errors, allow_redirects, verify, proxy, delay, on_stats, version, handler } = options;
  if (http_errors !== undefined && typeof http_errors !== 'boolean') throw new InvalidArgumentException('`http_errors` must be true or false.');
  if (allow_redirects !== undefined) checkRedirects(allow_redirects);
  if (verify !== undefined && typeof verify !== 'boolean' && !(typeof verify === 'string' && verify !== '')) {
    throw new InvalidArgumentException('`verify` must be true, false, or the path of a CA bundle file.');
  }
  if (proxy !== undefined && proxy !== false && typeof proxy !== 'string' && !(typeof proxy === 'object' && proxy !== null && !Array.isArray(proxy))) {
    throw new InvalidArgumentException('`proxy` must be a proxy URL, false, or `{ http, https, no }` as in Guzzle.');
  }
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > MAX_TIMEOUT_MS)) {
    throw new InvalidArgumentException(`\`delay\` must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}, as in Guzzle.`);
  }
  if (on_stats !== undefined && typeof on_stats !== 'function') throw new InvalidArgumentException('`on_stats` must be a function receiving TransferStats.');
  if (version !== undefined && !VERSIONS.has(version)) {
    throw new InvalidArgumentException(`\`version\` must be '1.1' or '2.0' (HTTP/1.0 is not offered); got ${JSON.stringify(version)}.`);
  }
  if (handler !== undefined && typeof handler !== 'function' && !(handler instanceof HandlerStack)) {
    throw new InvalidArgumentException('`handler` must be a HandlerStack (e.g. a clone of getConfig(\'handler\')) or a handler function.');
  }
}

function checkRedirects(value: unknown): void {
  if (typeof value === 'boolean') return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentException('`allow_redirects` must be true, false, or `{ max, strict, referer, protocols }`.');
  }
  for (const key of Object.keys(value)) {
    if (!REDIRECT_KEYS.has(key)) throw new InvalidArgumentException(`\`allow_redirects.${key}\` is not supported; the keys are max, strict, referer and protocols.`);
  }
  const { max, protocols } = value as { max?: unknown; protocols?: unknown };
  if (max !== undefined && !(Number.isInteger(max) && (max as number) >= 0)) throw new InvalidArgumentException('`allow_redirects.max` must be a whole number ≥ 0.');
  if (protocols !== undefined && !(Array.isArray(protocols) && protocols.every((p) => p === 'http' || p === 'https'))) {
    throw new InvalidArgumentException("`allow_redirects.protocols` must be a list of 'http' and/or 'https'.");
  }
}
