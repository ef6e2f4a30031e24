/**
 * Waiting between attempts. A synchronous verb blocks its thread anyway, so it sleeps in `Atomics.wait` on
 * a private cell nobody notifies: no busy loop, and no clock that jest's fake timers could freeze.
 */
const cell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}

/** The caller awaits this, so the timer stays referenced: the process must not exit mid-retry. */
export function sleepAsync(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
