/**
 * Keeps the promise verbs off keep-alive connections the server closed while this thread was busy.
 *
 * A server that closes an idle connection sends a FIN (or a RST); Node learns of it only when the event
 * loop polls. A thread that ran synchronous code for a while (a synchronous verb waiting on a slow answer,
 * a long computation) and then sends in that same turn hands undici a connection it still believes open:
 * undici's keep-alive timer has not run, and its check of an idle socket before reuse waits for the next
 * check phase, which in a turn that began in an I/O callback comes before any new poll. The request is
 * written into the closed connection and fails with "other side closed" (or ECONNRESET) although the
 * server never read it. So a send after a quiet spell first lets the loop come round through a poll
 * phase; otherwise the guard costs two clock reads per request. The mechanism: docs/keep-alive.md.
 */
import { performance } from 'node:perf_hooks';
// From node:timers, not the global: a test's fake timers replace the global and would hold every send.
import { setImmediate } from 'node:timers';

/**
 * A send this long after the loop was last seen turning waits for it first. A healthy service seldom holds
 * its thread this long in one turn; a close that arrives during a shorter stall can still slip through.
 */
export const STALL_MS = 100;

/** When a callback last ran on this thread's event loop (an exchange settled, a wait below ended). */
let lastSeen = Number.NEGATIVE_INFINITY;
/** The loop round that sends wait for, while one is under way: every send of the stalled turn joins it. */
let round: Promise<void> | undefined;

/**
 * Called as an exchange settles: its callback proves the loop is turning, so the next request of a sequence
 * goes straight out. A send proves nothing: a stalled turn sends too.
 */
export function loopSeen(): void {
  lastSeen = performance.now();
}

/**
 * Undefined when the loop was seen within `STALL_MS`; otherwise a promise that settles once the
 * event loop has polled, so that closes which arrived meanwhile have been read and the connections they
 * ended are out of undici's pools.
 */
export function afterStall(): Promise<void> | undefined {
  if (round !== undefined) return round;
  if (performance.now() - lastSeen < STALL_MS) return undefined;
  return (round = new Promise((resolve) => {
    // The first immediate runs in this round's check phase, which may follow the very poll phase whose
    // callback stalled; the second runs in the next round's, after a fresh poll (and timers phase).
    setImmediate(() =>
      setImmediate(() => {
        round = undefined;
        loopSeen();
        resolve();
      }),
    );
  }));
}
