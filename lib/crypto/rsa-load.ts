/**
 * Where a promise verb's signature is made, chosen by load. A request alone in the process signs inline:
 * a trip through libuv's thread pool would only add latency (two thread hops around ~1 ms of work). When
 * requests overlap, the pool lets their signatures use every core while this thread keeps moving bytes.
 * Responses are always verified inline (the verifier): a public-key verification is cheap enough that
 * the trip to the pool would cost more CPU than it saves. Synchronous verbs always run inline: their
 * thread is blocked anyway.
 */
let inFlight = 0;

/** A promise-verb request starts its signed exchange; true when no other one is under way (sign inline). */
export function enterExchange(): boolean {
  inFlight += 1;
  return inFlight === 1;
}

/** That exchange has its response, or failed. */
export function leaveExchange(): void {
  inFlight -= 1;
}
