/**
 * Notices when the process that started this one has gone. `npx wechatpay-ts sandbox &` runs the
 * sandbox under npm's wrapper; `kill $!` ends the wrapper without passing the signal on, and the sandbox
 * would keep its port for ever. Orphaned, the process is re-parented (its ppid changes): then it stops.
 */
const POLL_MS = 500;

/** Calls `onGone` once when this process's parent changes; returns a function that stops watching. */
export function watchParent(onGone: () => void, pollMs = POLL_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
