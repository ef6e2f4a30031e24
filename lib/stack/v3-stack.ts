/**
 * The APIv3 (JSON) client's HandlerStack entries, outermost first, named as in wechatpay-php:
 *   verifier      2xx responses that come back through it: Wechatpay-* headers, clock, serial, signature
 *   retry         failover and backoff; between the response checks and http_errors, so `signer` signs
 *                 every attempt afresh and the verifier sees only the answer that counts
 *   http_errors   4xx/5xx → ClientException / ServerException (body kept), so the verifier never sees them
 *   allow_redirects  same-origin redirects when a request asks (`allow_redirects`), each hop signed below
 *   signer        Authorization over the exact bytes that will be sent
 *   prepare_body  Content-Type `application/json`, Content-Length
 * Every entry is synchronous code, so the stack serves both verb kinds. Left as built here, the stack runs
 * both verb kinds through the same steps fused into one handler (v3-fused.ts).
 */
import { fuseStack, type HandlerStack } from './handler-stack';
import { httpErrors } from './http-errors';
import { prepareBody } from './prepare-body';
import { redirects } from './redirects';
import { retry, type RetrySettings } from './retry';
import { RequestSigner, signerEntry, type SignerCredentials } from './signer';
import type { Handler } from './types';
import { FusedV3Stack } from './v3-fused';
import { ResponseVerifier, verifierEntry, type VerifierOptions } from './verifier';

export const V3_CONTENT_TYPE = 'application/json';

export interface V3StackSettings {
  /** What signs and verifies; undefined for an APIv2-only merchant, whose APIv3 stack then has no `signer` or `verifier`. */
  readonly keys: (SignerCredentials & VerifierOptions) | undefined;
  /** Hosts and policy of the `retry` entry. */
  readonly retry: RetrySettings;
}

/**
 * Fills `stack` (usually a clone of the user's base stack) with the APIv3 entries around `terminal`;
 * a stack that has a handler of its own (one given with the config, such as a mock) keeps it.
 */
export function v3Stack(stack: HandlerStack, settings: V3StackSettings, terminal: Handler): HandlerStack {
  const { keys } = settings;
  // Only the stack exactly as built here runs fused: not one with a user's entries or handler in it.
  const untouched = !stack.hasHandler() && stack.names().length === 0;
  if (!stack.hasHandler()) stack.setHandler(terminal);
  const steps = keys && { signer: new RequestSigner(keys), verifier: new ResponseVerifier(keys), retry: settings.retry, contentType: V3_CONTENT_TYPE };
  if (steps) stack.push(verifierEntry(steps.verifier), 'verifier');
  stack.push(retry(settings.retry), 'retry');
  stack.push(httpErrors(), 'http_errors');
  stack.push(redirects(), 'allow_redirects');
  if (steps) stack.push(signerEntry(steps.signer), 'signer');
  stack.push(prepareBody(V3_CONTENT_TYPE), 'prepare_body');
  if (steps && untouched) fuseStack(stack, (composed) => new FusedV3Stack(steps, terminal, composed).handle);
  return stack;
}
