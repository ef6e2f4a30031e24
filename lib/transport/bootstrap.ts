/**
 * The source of the sync worker, evaluated by `new Worker(BOOTSTRAP, { eval: true })`. A constant string,
 * never a function's `toString()` (coverage instrumentation would inject counters that do not exist in the
 * worker). It only loads the real entry, by absolute path, and turns every way of failing into an answer
 * the blocked caller can see:
 * - the entry fails to load (syntax error, missing undici, wrong path) → an answer with id -1;
 * - the thread ends for any reason (crash, process.exit) → the `exited` flag, and a wake-up.
 * Either way the caller throws at once instead of waiting out its timeout.
 */

/** Layout of the shared Int32Array. */
export const CELL = { counter: 0, exited: 1, length: 2 } as const;

/** Id of the answer that reports a failed start. Real request ids start at 1. */
export const LOAD_FAILED = -1;

export const BOOTSTRAP = `'use strict';
const { workerData } = require('node:worker_threads');
const { port, cell, entry } = workerData;
function wake() {
  Atomics.add(cell, ${CELL.counter}, 1);
  Atomics.notify(cell, ${CELL.counter});
}
process.on('exit', () => {
  Atomics.store(cell, ${CELL.exited}, 1);
  wake();
});
try {
  require(entry).serve(port, cell);
} catch (error) {
  const failure = error !== null && typeof error === 'object' ? error : { message: String(error) };
  port.postMessage({
    id: ${LOAD_FAILED},
    ok: false,
    error: {
      name: typeof failure.name === 'string' ? failure.name : 'Error',
      message: String(failure.message),
      code: typeof failure.code === 'string' ? failure.code : undefined,
    },
  });
  wake();
}
`;
