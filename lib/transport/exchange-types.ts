/**
 * Types of what exchange.cjs takes and returns, in TypeScript so the emitted declarations of the TS modules
 * never point at the JavaScript file's hand-written ones.
 */
import type { Readable } from 'node:stream';
import type { HeaderPairs } from './wire';

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
  headers: HeaderPairs;
  body: Uint8Array | string | Readable | PartsDescription | null;
  timeoutMs: number;
  headersTimeoutMs?: number;
  maxResponseBytes: number;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  /** Owns its whole ArrayBuffer, so it can be transferred. */
  body: Uint8Array;
}
