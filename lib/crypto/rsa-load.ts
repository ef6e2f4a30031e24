/**
 * Where a promise verb's RSA work runs, chosen by load. A request alone in the process signs and verifies
 * inline: a trip through libuv's thread pool would only add latency (two thread hops around ~1 ms of work).
 * When requests overlap, the pool lets their RSA use every core while this thread keeps moving bytes.
 * Synchronous verbs always run inline: their thread is blocked anyway.
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

/** No exchange is under way: a response can be verified inline without holding anyone up. */
export function exchangesIdle(): boolean {
  return inFlight === 0;
}
