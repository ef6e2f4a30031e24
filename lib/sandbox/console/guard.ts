/**
 * Who may talk to the sandbox's own pages and hooks (`/sandbox/…`). The console is for this machine:
 * a `Host` that is not a loopback name is refused (a DNS-rebinding page would send its own name), and a
 * state-changing request from another web page (an `Origin` other than the sandbox's own, or a
 * cross-site fetch) is refused. Test suites calling hooks send no `Origin` and keep working.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The host name of a `Host` header value (`127.0.0.1:8765`, `[::1]:8765`, `localhost`). */
export function hostNameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1).toLowerCase();
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** Loopback names: `localhost` (and `*.localhost`), 127.0.0.0/8, `[::1]`. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'));
}

export interface GuardOptions {
  /** The interface the sandbox was told to bind, accepted as a `Host` name too when it is not a wildcard. */
  readonly bindHost: string;
}

/** Why a request to `/sandbox/…` is refused (403), or `undefined` when it may go on. */
export function refusalOf(method: string, headers: IncomingHttpHeaders, options: GuardOptions): string | undefined {
  const host = first(headers.host);
  if (!host) return 'A request to the sandbox console or hooks must carry a Host header.';
  const name = hostNameOf(host);
  const bound = options.bindHost.includes(':') ? `[${options.bindHost.toLowerCase()}]` : options.bindHost.toLowerCase();
  if (!isLoopbackName(name) && !(name === bound && bound !== '0.0.0.0' && bound !== '[::]')) {
    return `Host ${JSON.stringify(host)} is not a loopback name: the sandbox console and hooks answer only to 127.0.0.1, localhost or [::1] (this refuses DNS rebinding).`;
  }
  if (SAFE_METHODS.has(method)) return undefined;
  const origin = first(headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return `Origin ${JSON.stringify(origin)} is not the sandbox's own (http://${host}): another web page cannot change the sandbox.`;
  }
  if (origin === undefined && first(headers['sec-fetch-site']) === 'cross-site') {
    return 'A cross-site request cannot change the sandbox.';
  }
  return undefined;
}

/** Compares a presented console token with the run's token in constant time. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
