/**
 * The APIv3 default stack (v3-stack.ts) as one handler: the very steps of its entries (sign, body headers,
 * send, HTTP errors, retry and failover, verification), called one after the other instead of through six
 * entries, each with its wrapper, its closures and (under a promise verb) its promise. Both verb kinds run
 * it: a synchronous verb takes the same steps with plain values, as the entries do under it. A request that
 * asks to follow redirects takes the composed stack; so does every request once the stack is changed in any
 * way (HandlerStack's fuseStack), so an entry a user adds sees exactly what it saw before.
 */
import { leaveExchange } from '../crypto/rsa-load';
import type { Request } from '../message/request';
import type { Response } from '../message/response';
import { checkStatus } from './http-errors';
import { withBodyHeaders } from './prepare-body';
import { followsRedirects } from './redirects';
import { recover, retryPolicyFor, type RetrySettings } from './retry';
import { settle } from './settle';
import { leftFailing, type RequestSigner } from './signer';
import type { Handler, HandlerOptions, Settled } from './types';
import type { ResponseVerifier } from './verifier';

/** What the default stack's entries were built with, shared with them. */
export interface V3Steps {
  readonly signer: RequestSigner;
  readonly verifier: ResponseVerifier;
  readonly retry: RetrySettings;
  /** `prepare_body`'s Content-Type for a body without one. */
  readonly contentType: string;
}

/** The handlers made here, so a spec can tell which way a stack runs. */
const fusedHandlers = new WeakSet<Handler>();

/** Whether `handler` (a resolved stack) is a fused default stack. */
export function runsFused(handler: Handler): boolean {
  return fusedHandlers.has(handler);
}

export class FusedV3Stack {
  readonly #steps: V3Steps;
  readonly #terminal: Handler;
  readonly #composed: Handler;
  /** An attempt after the first, as `retry` sees its inner handler: http_errors, signer, prepare_body, the transport. */
  readonly #attempt: Handler = (request, options) => this.#attemptOnce(request, options);
  /** prepare_body, then the transport. */
  readonly #send: Handler = (request, options) => this.#terminal(withBodyHeaders(request, this.#steps.contentType), options);

  constructor(steps: V3Steps, terminal: Handler, composed: Handler) {
    this.#steps = steps;
    this.#terminal = terminal;
    this.#composed = composed;
    fusedHandlers.add(this.handle);
  }

  readonly handle: Handler = (request, options) => {
    if (followsRedirects(options)) return this.#composed(request, options);
    if (options.sync) return this.#handleSync(request, options);
    const steps = this.#steps;
    // As the retry entry: a bad per-verb `retry` option throws before anything is sent.
    const policy = retryPolicyFor(options, steps.retry);
    const verify = (response: Response): Settled<Response> => steps.verifier.check(request, response, options);
    // What the retry entry does with a failed first attempt; the verifier then checks the answer that counts.
    const retried = (error: unknown): Settled<Response> => settle(recover(this.#attempt, request, options, steps.retry, policy, error), verify);
    // The first attempt in one step: its end (signer), its status (http_errors), then retry or verifier.
    return this.#steps.signer.start(request, options, this.#send).then((response) => {
      leaveExchange();
      let checked: Response;
      try {
        checked = checkStatus(request, response, options);
      } catch (error) {
        return retried(error);
      }
      return verify(checked);
    }, (error: unknown) => {
      leaveExchange();
      return retried(error);
    });
  };

  /**
   * A synchronous verb, as the entries run it: each attempt signed inline, sent through the bridge and
   * checked for its status; a failed first attempt goes to `recover` (which sleeps on this thread between
   * attempts); the answer that counts is verified.
   */
  #handleSync(request: Request, options: HandlerOptions): Response {
    const steps = this.#steps;
    const policy = retryPolicyFor(options, steps.retry);
    let response: Response;
    try {
      response = this.#attemptSync(request, options);
    } catch (error) {
      response = recover(this.#attemptSync, request, options, steps.retry, policy, error) as Response;
    }
    return steps.verifier.check(request, response, options) as Response;
  }

  /** One synchronous attempt: signer, prepare_body, the transport, then http_errors. */
  readonly #attemptSync = (request: Request, options: HandlerOptions): Response => {
    const signed = this.#steps.signer.signNow(request);
    return checkStatus(request, this.#send(signed, options) as Response, options);
  };

  /** One attempt after the first, as `retry` runs its inner handler. */
  #attemptOnce(request: Request, options: HandlerOptions): Promise<Response> {
    return this.#steps.signer.start(request, options, this.#send).then((response) => {
      leaveExchange();
      return checkStatus(request, response, options);
    }, leftFailing);
  }
}
