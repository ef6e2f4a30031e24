/**
 * Live memory for specs that bound what an upload or a download holds. One full collection is not enough:
 * V8 frees the memory behind dead ArrayBuffers (every Buffer chunk of a stream) on a background thread after
 * the collection, and `process.memoryUsage().arrayBuffers` drops only when that sweep is done. A second
 * collection first completes the sweep the first one started, so what is left is really held.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const gc = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Collects garbage, chunk memory included (see above). */
export function collectGarbage(): void {
  gc();
  gc();
}

/** What this thread holds after collecting: the JS heap plus Buffer memory, and the process's RSS. */
export function liveFootprint(): { rss: number; heap: number; buffers: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed + usage.arrayBuffers, buffers: usage.arrayBuffers };
}
