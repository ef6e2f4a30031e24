'use strict';
/**
 * A rehearsal the sync worker runs as it starts, before anyone waits on it: a few exchanges through the
 * real `exchange()` and an undici Agent, over an in-memory socket that answers every request itself. The
 * first real call would otherwise pay for compiling undici's HTTP parser (WebAssembly) and for running its
 * request path, and ours, for the first time. No byte goes to the network, and no name is resolved.
 */
const { Duplex } = require('node:stream');
const { exchange, undici } = require('./exchange.cjs');

const ORIGIN = 'http://warm-up.invalid';
const REPLY = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
/** Enough for the hot functions to leave the interpreter; each takes well under a millisecond once compiled. */
const ROUNDS = 3;

/** A socket stand-in: answers each request head it sees with REPLY. */
function answeringSocket() {
  const socket = new Duplex({
    read() {},
    write(chunk, _encoding, done) {
      if (String(chunk).includes('\r\n\r\n')) socket.push(REPLY);
      done();
    },
  });
  return socket;
}

/**
 * Resolves once the rehearsal is over; never rejects (a failure here only means the first call is colder).
 * Stops early once `stop()` says a real request has come: from then on the rehearsal would only compete
 * with it for this thread.
 */
async function warmUp(stop = () => false) {
  // The connect callback must come later, as a real socket's would: undici is still in its dispatch loop.
  const agent = new (undici().Agent)({ connect: (_options, callback) => process.nextTick(callback, null, answeringSocket()) });
  try {
    for (let round = 0; round < ROUNDS && !stop(); round++) {
      // GET and POST, as the calls to come will be.
      const body = round % 2 === 1 ? new Uint8Array([123, 125]) : null;
      const headers = body === null ? [['Accept', 'application/json']] : [['Content-Type', 'application/json']];
      await exchange({ method: body === null ? 'GET' : 'POST', url: `${ORIGIN}/v3/warm-up?round=${round}`, headers, body, timeoutMs: 5000, maxResponseBytes: 1024 }, agent);
    }
  } catch {
    // Nothing to report: the real calls work or fail on their own.
  } finally {
    await agent.destroy().catch(() => undefined);
  }
  // HTTPS is what WeChat Pay speaks; undici loads TLS only with its first secure connection.
  if (!stop()) require('node:tls');
}

module.exports = { warmUp };
