/**
 * The sink the promise download hands to the transport: a Writable that receives the network bytes of the
 * 2xx answer and, once the first two bytes tell plain from gzip, runs them through (gunzip →) digest →
 * count → target. So the bill is hashed, decompressed and written while it arrives, with backpressure all
 * the way back to the socket, and never held whole.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SINK_HEAD, type SinkHeadListener } from '../transport/exchange.cjs';
import type { SinkHead } from '../transport/exchange-types';
import { countTap, discard, hashTap, isGzip, type ProgressListener } from './bill-stages';

export interface BillSinkOptions {
  /** Node's name of the digest to check. */
  readonly algorithm: string;
  /** Write the decompressed bill when the file is gzip. */
  readonly gunzip: boolean;
  /** Opened only when the first bytes arrive, so an HTTP error leaves nothing behind. */
  readonly openTarget: () => Writable;
  readonly onProgress: ProgressListener | undefined;
}

export interface BillOutcome {
  readonly gzip: boolean;
  readonly gunzipped: boolean;
  /** Bytes written to the target. */
  readonly bytes: number;
  /** Lower-case hex digest of the bill as generated (decompressed). */
  readonly digest: string;
}

export class BillSink extends Writable implements SinkHeadListener {
  readonly #options: BillSinkOptions;
  #total = 0;
  #received = 0;
  /** The first bytes, held until there are enough to recognise gzip. */
  #pending: Buffer[] = [];
  #head: Writable | undefined;
  #outcome: Promise<BillOutcome> | undefined;

  constructor(options: BillSinkOptions) {
    super();
    this.#options = options;
  }

  [SINK_HEAD](head: SinkHead): void {
    const declared = head.headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    const total = Number(declared);
    this.#total = declared !== undefined && Number.isSafeInteger(total) && total >= 0 ? total : 0;
  }

  /** What was written and its digest; undefined when no answer streamed into this sink. Rejects when writing failed. */
  outcome(): Promise<BillOutcome> | undefined {
    return this.#outcome;
  }

  /** Resolves once the target is done with, whether or not writing succeeded (so a partial file can be removed). */
  async settled(): Promise<void> {
    await this.#outcome?.catch(() => undefined);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#received += chunk.length;
    this.#options.onProgress?.(this.#received, this.#total);
    if (this.#head === undefined) {
      this.#pending.push(chunk);
      if (this.#received < 2) return done();
      chunk = Buffer.concat(this.#pending);
      this.#pending = [];
      this.#start(chunk);
    }
    if (this.#head!.write(chunk)) done();
    else this.#head!.once('drain', () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.#head === undefined) {
      const first = Buffer.concat(this.#pending);
      this.#start(first);
      if (first.length > 0) this.#head!.write(first);
    }
    this.#head!.end();
    this.#outcome!.then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.#head?.destroy(error ?? undefined);
    done(error);
  }

  #start(first: Buffer): void {
    const gzip = isGzip(first);
    const gunzipped = gzip && this.#options.gunzip;
    const hash = createHash(this.#options.algorithm);
    const counter = countTap();
    // The digest covers the decompressed bill: a gzip file kept as delivered is un-gzipped on a side branch.
    const stages: Array<Transform | Writable> = gunzipped
      ? [createGunzip(), hashTap(hash)]
      : gzip
        ? [gunzippedDigestTap(hash)]
        : [hashTap(hash)];
    stages.push(counter.stream, this.#options.openTarget());
    this.#head = stages[0]!;
    this.#outcome = pipeline(stages).then(() => ({ gzip, gunzipped, bytes: counter.bytes(), digest: hash.digest('hex') }));
    // A failing stage (bad gzip, a full disk) fails the transport's pipe too, with that error.
    // Passed on as it is: Node's own errors (zlib, fs) fail `instanceof Error` in other realms such as jest's.
    this.#outcome.catch((error: Error) => this.destroy(error));
  }
}

/** Passes the gzip bytes on as they are, and feeds their decompression to `hash` on the side. */
function gunzippedDigestTap(hash: Hash): Transform {
  const gunzip = createGunzip();
  const side = pipeline(gunzip, hashTap(hash), discard());
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (gunzip.write(chunk)) done(null, chunk);
      else gunzip.once('drain', () => done(null, chunk));
    },
    flush(done) {
      gunzip.end();
      side.then(() => done(), done);
    },
    destroy(error, done) {
      gunzip.destroy(error ?? undefined);
      done(error);
    },
  });
  side.catch((error: Error) => tap.destroy(error));
  return tap;
}
