/**
 * The `retry` stack entry: failover to the backup host(s) and retries with backoff. It sits between
 * `verifier` and `http_errors`, so `signer` (inside it) signs every attempt afresh — new nonce, new
 * timestamp, the backup host's request target — and `http_errors` has already turned 5xx/429 into the
 * errors it reads. See attempt-plan.ts for what is sent again and when.
 */
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import type { Handler, HandlerOptions, Middleware, Settled } from './types';
import { withAttempts } from '../resilience/attempts';
import { AttemptPlan, type HostList } from '../resilience/attempt-plan';
import type { RandomSource } from '../resilience/backoff';
import { resolveRetryPolicy, type RetryPolicy } from '../resilience/retry-policy';
import { sleepAsync, sleepSync } from '../resilience/sleep';
import { valueEntry } from './settle';

export interface RetrySettings {
  /** The client's base URI and its backups, in order. */
  readonly hosts: HostList;
  /** The client's policy; a verb's `retry` option is laid over it. */
  readonly policy: RetryPolicy;
  /** For jitter; injectable for tests. */
  readonly random?: RandomSource;
}

export function retry(settings: RetrySettings): Middleware {
  return valueEntry((next) => (request, options) => {
    // Checked before the first attempt, so a bad per-verb `retry` option sends nothing.
    const policy = retryPolicyFor(options, settings);
    // The happy path pays for nothing: the plan is made by the first failure, never before.
    if (options.sync) {
      try {
        return next(request, options);
      } catch (error) {
        return recover(next, request, options, settings, policy, error);
      }
    }
    let first: Settled<Response>;
    try {
      first = next(request, options);
    } catch (error) {
      first = Promise.reject(error);
    }
    return Promise.resolve(first).then(undefined, (error: unknown) => recover(next, request, options, settings, policy, error));
  });
}

/** The policy `request` runs under: the client's, or its verb's `retry` option laid over it (a bad one throws). */
export function retryPolicyFor(options: HandlerOptions, settings: RetrySettings): RetryPolicy {
  return options.retry === undefined ? settings.policy : resolveRetryPolicy(options.retry, 'retry', settings.policy);
}

/** After the first attempt of `request` failed with `error`: the attempts that follow through `next`, or `error` (with the attempts made) when none may. */
export function recover(next: Handler, request: Request, options: HandlerOptions, settings: RetrySettings, policy: RetryPolicy, error: unknown): Settled<Response> {
  const plan = new AttemptPlan(request, settings.hosts, policy, settings.random ?? Math.random);
  const waitMs = waitOrThrow(plan, request, error);
  return options.sync ? runSync(next, plan, options, waitMs) : runAsync(next, plan, options, waitMs);
}

/** The attempts after the first failed one, each after its wait. */
function runSync(next: Handler, plan: AttemptPlan, options: HandlerOptions, firstWaitMs: number): Response {
  for (let waitMs = firstWaitMs; ; ) {
    sleepSync(waitMs);
    const sent = plan.current();
    try {
      return next(sent, options) as Response;
    } catch (error) {
      waitMs = waitOrThrow(plan, sent, error);
    }
  }
}

async function runAsync(next: Handler, plan: AttemptPlan, options: HandlerOptions, firstWaitMs: number): Promise<Response> {
  for (let waitMs = firstWaitMs; ; ) {
    await sleepAsync(waitMs);
    const sent = plan.current();
    try {
      return await next(sent, options);
    } catch (error) {
      waitMs = waitOrThrow(plan, sent, error);
    }
  }
}

function waitOrThrow(plan: AttemptPlan, sent: Request, error: unknown): number {
  const decision = plan.afterFailure(sent, error);
  if (decision.retry) return decision.waitMs;
  throw withAttempts(error, plan.attempts, decision.reason);
}
