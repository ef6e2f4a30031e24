'use strict';
/**
 * bench/sync-overhead.ts's worker entry: the library's own (lib/transport/worker.cjs), with the moment each
 * request reached the worker's JavaScript and the moment its answer was handed to `postMessage` stamped on
 * the answer (`response.stamps`, absolute milliseconds, comparable across threads). The bench splits a
 * synchronous call into its hops with them. Never loaded by the library.
 */
const { serve } = require('../../lib/transport/worker.cjs');

const now = () => performance.timeOrigin + performance.now();

exports.serve = (port, cell) => {
  const arrived = new Map();
  const listen = port.on.bind(port);
  port.on = (event, listener) =>
    listen(event, event !== 'message' ? listener : (message) => {
      if (message.type === 'request') arrived.set(message.id, now());
      listener(message);
    });
  const post = port.postMessage.bind(port);
  port.postMessage = (message, transfer) => {
    const at = arrived.get(message.id);
    arrived.delete(message.id);
    if (at !== undefined && message.ok) message.response.stamps = { arrived: at, answered: now() };
    post(message, transfer);
  };
  serve(port, cell);
};
