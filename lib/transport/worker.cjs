'use strict';
/**
 * The sync bridge's worker: receives fully signed requests as plain data, runs `exchange()`, and answers on
 * the reply port. After posting an answer it bumps the shared counter and wakes the blocked caller; the
 * order (post first, then notify) guarantees the answer is there when the caller looks.
 *
 * Protocol (messages on the port given at start):
 *   in:  { type: 'agent', agent, options } | { type: 'drop-agent', agent } | { type: 'request', id, agent, request }
 *   out: { id, ok: true, response } | { id, ok: false, error }
 * No logging here: output from this thread would appear only after the caller unblocks, out of order.
 */
const { createAgent, exchange, preloadUndici, toWireError } = require('./exchange.cjs');
const { warmUp } = require('./warm-up.cjs');
const { ErrorCode } = require('../errors/codes.cjs');

/** Index of the answer counter in the shared cell. */
const COUNTER = 0;

/**
 * Serves requests on `port` until the thread ends. `warmUp: false` skips the rehearsal exchanges, for a
 * caller driving this on its own thread (the specs).
 */
function serve(port, cell, { warmUp: rehearse = true } = {}) {
  // Now, while nobody waits (the bridge starts early): the first request then finds the worker warm.
  preloadUndici();
  /** agent id → its options, and the pool built from them on first use. */
  const agents = new Map();
  let requested = false;

  function dispatcherFor(id) {
    const entry = agents.get(id);
    if (entry === undefined) throw Object.assign(new Error(`unknown agent ${id}`), { code: ErrorCode.SYNC_AGENT });
    return (entry.dispatcher ??= createAgent(entry.options));
  }

  function answer(message, transfer) {
    try {
      port.postMessage(message, transfer);
    } catch (error) {
      port.postMessage({
        id: message.id,
        ok: false,
        error: { name: 'DataCloneError', message: `the answer could not cross to the calling thread: ${error && error.message}` },
      });
    }
    Atomics.add(cell, COUNTER, 1);
    Atomics.notify(cell, COUNTER);
  }

  async function run(id, agent, request) {
    try {
      const response = await exchange(request, dispatcherFor(agent));
      // The body is ours alone: hand its memory over instead of copying it.
      answer({ id, ok: true, response }, [response.body.buffer]);
    } catch (error) {
      answer({ id, ok: false, error: toWireError(error) });
    }
  }

  port.on('message', (message) => {
    switch (message.type) {
      case 'agent':
        agents.set(message.agent, { options: message.options, dispatcher: undefined });
        break;
      case 'drop-agent': {
        const entry = agents.get(message.agent);
        agents.delete(message.agent);
        entry?.dispatcher?.close().catch(() => {});
        break;
      }
      case 'request':
        requested = true;
        void run(message.id, message.agent, message.request);
        break;
    }
  });
  // After the listener: a request that arrives meanwhile does not wait for the rehearsal, which then stops.
  if (rehearse) void warmUp(() => requested);
}

module.exports = { serve };
