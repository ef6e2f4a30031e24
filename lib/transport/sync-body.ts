/**
 * A request body in a form that can cross to the worker thread. A stream cannot be read while the calling
 * thread blocks, so only streams whose bytes can be described as data are accepted: a fresh file stream
 * (`fs.createReadStream`) and a `partsBody()`; the worker then reads the files itself, in chunks, so a
 * large upload is never held in memory on the calling thread.
 */
import { ReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentException } from '../errors';
import { partsOf } from './exchange.cjs';
import type { PartsDescription } from './exchange-types';
import type { WireBody } from './wire';

export type SyncBody = Uint8Array | PartsDescription | null;

/**
 * Bytes are copied (structured clone), never transferred: the caller keeps its body for retries and logs.
 * A view into a larger buffer is cut out first, since cloning a view clones its whole backing store.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

function fileRange(stream: ReadStream): PartsDescription | undefined {
  if (typeof stream.path !== 'string' || stream.readableDidRead || stream.destroyed) return undefined;
  const { start, end } = stream as ReadStream & { start?: number; end?: number };
  return {
    parts: [{ file: resolve(stream.path), start, end: end === undefined || end === Infinity ? undefined : end }],
  };
}

export function toSyncBody(body: WireBody): SyncBody {
  if (body === null) return null;
  if (body instanceof Uint8Array) return ownBytes(body);
  const parts = partsOf(body);
  if (parts !== undefined) return { parts: parts.map((part) => (part instanceof Uint8Array ? ownBytes(part) : part)) };
  if (body instanceof ReadStream) {
    const described = fileRange(body);
    if (described !== undefined) {
      // The worker opens the file itself; release the descriptor this stream opened.
      body.destroy();
      return described;
    }
  }
  throw new InvalidArgumentException(
    'a synchronous verb cannot read a stream body while it blocks the thread: use the promise verb (postAsync() …), ' +
      'or pass a Buffer, an unread fs.createReadStream(path), or a partsBody([...])',
  );
}
