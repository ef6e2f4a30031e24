/**
 * One call's way through its hosts and retries. After each failure it answers: wait this long and try
 * again (maybe on the next host), or give up. The rules, strictest first:
 *   - a body that is a one-shot stream is never sent twice (bytes and parts bodies, such as MediaUtil's
 *     uploads of files and buffers, are rebuilt for each attempt);
 *   - the next host is tried at once when the connection never opened (nothing was sent, so this holds for
 *     every method), or when the request may have been written but its method is repeatable;
 *   - the same host is tried again after a backoff (or the server's `Retry-After`) only for repeatable
 *     methods, at most `retries` times, and never after a timeout (whose wait would simply repeat).
 * Every decision is per call: the next call starts on the primary host again.
 */
import { BadResponseException } from '../errors';
import type { Request } from '../message/request';
import { recordOf, type AttemptRecord } from './attempts';
import { backoffDelay, type RandomSource } from './backoff';
import { failureKind } from './failure-kind';
import { canResend, withFreshBody } from './fresh-body';
import { retryAfterMs } from './retry-after';
import type { RetryPolicy } from './retry-policy';

export interface HostList {
  /** The base URI requests are built on; only requests under it are moved to a backup. */
  readonly primary: URL;
  readonly backups: readonly URL[];
}

export type Decision = { readonly retry: true; readonly waitMs: number } | { readonly retry: false; readonly reason?: string };

export class AttemptPlan {
  readonly attempts: AttemptRecord[] = [];
  readonly #request: Request;
  readonly #policy: RetryPolicy;
  readonly #random: RandomSource;
  readonly #hosts: readonly URL[];
  /** Path, query and fragment relative to the primary base; undefined when the request is not under it. */
  readonly #relative: string | undefined;
  #host = 0;
  #retries = 0;
  /** False when the body is a one-shot stream: then there is no second attempt. */
  readonly #resendable: boolean;

  constructor(request: Request, hosts: HostList, policy: RetryPolicy, random: RandomSource) {
    this.#request = request;
    this.#policy = policy;
    this.#random = random;
    const href = request.uri.href;
    this.#relative = href.startsWith(hosts.primary.href) ? href.slice(hosts.primary.href.length) : undefined;
    this.#hosts = this.#relative === undefined ? [] : [hosts.primary, ...hosts.backups];
    this.#resendable = canResend(request);
  }

  /** The request for the current attempt: the original, or the same path on a backup host. */
  current(): Request {
    if (this.attempts.length === 0) return this.#request;
    // Checked in afterFailure: a request that gets here again has a body that can be rebuilt.
    const fresh = withFreshBody(this.#request)!;
    if (this.#host === 0 || this.#relative === undefined) return fresh;
    return fresh.withUri(new URL(this.#relative, this.#hosts[this.#host]));
  }

  /** Records the failed attempt made with `sent` and decides what comes next. */
  afterFailure(sent: Request, error: unknown): Decision {
    this.attempts.push(recordOf(sent.uri.href, error));
    const kind = failureKind(error);
    if (kind === 'final') return { retry: false };
    if (!this.#resendable) return { retry: false, reason: 'a one-shot stream body is never sent twice' };
    const repeatable = this.#policy.methods.has(this.#request.method.toUpperCase());
    if (kind === 'unsent' || (kind !== 'status' && repeatable)) {
      if (this.#host + 1 < this.#hosts.length) {
        this.#host += 1;
        return { retry: true, waitMs: 0 };
      }
    }
    if (!repeatable) {
      return kind === 'unsent' ? { retry: false } : { retry: false, reason: `${this.#request.method} is not retried once written; see the \`retry.methods\` option` };
    }
    if (kind === 'timeout') return { retry: false, reason: 'a timeout is not retried on the same host' };
    if (this.#retries >= this.#policy.retries) return { retry: false, reason: `${this.#policy.retries} retr${this.#policy.retries === 1 ? 'y' : 'ies'} used` };
    const asked = kind === 'status' ? serverDelay(error) : undefined;
    if (asked !== undefined && asked > this.#policy.maxRetryAfterMs) {
      return { retry: false, reason: `Retry-After asks for ${asked} ms, more than maxRetryAfterMs ${this.#policy.maxRetryAfterMs}` };
    }
    const waitMs = asked ?? backoffDelay(this.#retries, this.#policy.baseDelayMs, this.#policy.maxDelayMs, this.#random);
    this.#retries += 1;
    return { retry: true, waitMs };
  }
}

/** What the answer's `Retry-After` asks for, in ms, if it says anything readable. */
function serverDelay(error: unknown): number | undefined {
  const header = error instanceof BadResponseException ? error.getResponse()?.getHeaderLine('Retry-After') : undefined;
  return header ? retryAfterMs(header) : undefined;
}
