/**
 * Types of what exchange.cjs takes and returns, in TypeScript so the emitted declarations of the TS modules
 * never point at the JavaScript file's hand-written ones.
 */
import type { Readable, Writable } from 'node:stream';
import type { HeaderPairs, ReadonlyHeaderPairs, WireRequest } from './wire';

/** A file range, read in chunks by whoever sends the body. `end` is inclusive, as in `fs.createReadStream`. */
export interface FilePart {
  file: string;
  start?: number;
  end?: number;
}

/** One piece of a body: bytes, or a range of a file. */
export type BodyPart = Uint8Array | FilePart;

/** A body as data: what a file-backed stream becomes to cross to the worker thread. */
export interface PartsDescription {
  parts: readonly BodyPart[];
}

/** What `exchange()` accepts: a `WireRequest`, or the form the bridge sends across threads. */
export interface ExchangeRequest {
  method: string;
  url: string;
  headers: ReadonlyHeaderPairs;
  body: Uint8Array | string | Readable | PartsDescription | null;
  timeoutMs: number;
  headersTimeoutMs?: number;
  readTimeoutMs?: number;
  maxResponseBytes: number;
  sink?: ResponseSink;
}

/** A file the transport creates (it must not exist yet) and writes the body into: plain data, so it crosses threads. */
export interface FileSink {
  file: string;
}

/**
 * Where a 2xx response body goes instead of memory, piped with backpressure and without the
 * `maxResponseBytes` cap. A Writable only on the calling thread (promise verbs); the sync worker takes a
 * file. Any other status is read into memory as usual, so HTTP errors keep their body.
 */
export type ResponseSink = Writable | FileSink;

/** What the head of a streamed answer tells the sink before the first byte (see `SINK_HEAD`). */
export interface SinkHead {
  status: number;
  headers: HeaderPairs;
}

/** A WireRequest that may carry a sink. */
export type SinkableRequest = WireRequest & { sink?: ResponseSink };
