/**
 * The promise verbs' transport: undici on the calling thread, through the same `exchange()` the sync
 * worker runs.
 */
import type { Dispatcher } from 'undici';
import { Writable } from 'node:stream';
import { SINK_FAILED, createAgent, exchange, toWireError } from './exchange.cjs';
import { connectException, type OriginRequest } from './connect-error';
import type { SinkableRequest } from './exchange-types';
import { asBuffer } from './buffered';
import { afterStall, loopSeen } from './after-stall';
import type { AsyncTransportOptions, WireResponse } from './wire';

export class AsyncTransport {
  readonly #options: AsyncTransportOptions;
  /** Built on first use, and only when the user gave no dispatcher of their own. */
  #ownAgent: Dispatcher | undefined;

  constructor(options: AsyncTransportOptions) {
    this.#options = options;
  }

  /**
   * Sends one request and reads the whole response (any status). Rejects with a `ConnectException` when no
   * complete response arrived; `origin` is attached to it as `getRequest()`. A 2xx body goes into
   * `request.sink` when there is one; a Writable sink's own failure is rethrown as it is (it is the caller's).
   * After a stall of this thread it first lets the event loop read what servers closed meanwhile (after-stall.ts).
   */
  send(request: SinkableRequest, origin?: OriginRequest): Promise<WireResponse<Buffer>>;
  /** The answer as `as` makes it, in the same promise reaction (the terminal's Response). */
  send<T>(request: SinkableRequest, origin: OriginRequest | undefined, as: (answer: WireResponse<Buffer>) => T): Promise<T>;
  send<T>(request: SinkableRequest, origin?: OriginRequest, as?: (answer: WireResponse<Buffer>) => T): Promise<T | WireResponse<Buffer>> {
    const stalled = afterStall();
    return stalled === undefined ? this.#send(request, origin, as) : stalled.then(() => this.#send(request, origin, as));
  }

  #send<T>(request: SinkableRequest, origin: OriginRequest | undefined, as: ((answer: WireResponse<Buffer>) => T) | undefined): Promise<T | WireResponse<Buffer>> {
    const failed = (error: unknown): never => {
      loopSeen();
      if (request.sink instanceof Writable && (error as { code?: unknown }).code === SINK_FAILED) throw (error as Error).cause;
      throw connectException(toWireError(error), request.method, request.url, origin);
    };
    const answered: (answer: WireResponse) => T | WireResponse<Buffer> = as === undefined ? buffered : (answer) => as(buffered(answer));
    try {
      // The answer is read on this thread: its body need not own its memory.
      return exchange(request, this.#dispatcher(), { sameThread: true, onAnswer: answered, onFailure: failed });
    } catch (error) {
      return Promise.reject(error).catch(failed); // no pool could be built for it
    }
  }

  /** Closes the pool this transport built; a dispatcher the user gave stays theirs to close. */
  async close(): Promise<void> {
    const agent = this.#ownAgent;
    this.#ownAgent = undefined;
    await agent?.close();
  }

  /** Closes the pool this transport built at once: requests still in flight fail (a server stopping mid-send). */
  async destroy(): Promise<void> {
    const agent = this.#ownAgent;
    this.#ownAgent = undefined;
    await agent?.destroy();
  }

  #dispatcher(): Dispatcher {
    return this.#options.dispatcher ?? (this.#ownAgent ??= createAgent(this.#options.agent));
  }
}

/** The answer with its body as a Buffer over the same memory; the other fields as they came. Its arrival proves the loop turns. */
function buffered(response: WireResponse): WireResponse<Buffer> {
  loopSeen();
  (response as WireResponse<Uint8Array>).body = asBuffer(response.body);
  return response as WireResponse<Buffer>;
}
