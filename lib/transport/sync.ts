/**
 * The synchronous verbs' transport: the same plain-data request the promise verbs send, handed to the
 * process-wide worker bridge; the calling thread blocks until the answer is back.
 */
import { resolve } from 'node:path';
import { InvalidArgumentException } from '../errors';
import { BridgeError, dropAgent, roundTrip } from './bridge';
import { connectException, type OriginRequest } from './connect-error';
import { toSyncBody } from './sync-body';
import type { FileSink, SinkableRequest } from './exchange-types';
import { asBuffer } from './buffered';
import type { AgentOptions, WireResponse } from './wire';

let nextAgentId = 1;

export class SyncTransport {
  /** The worker builds one pool per id, from the options, the first time the id is used. */
  readonly #agentId = nextAgentId++;
  readonly #agent: AgentOptions;

  constructor(agent: AgentOptions) {
    this.#agent = agent;
  }

  /**
   * Sends one request and blocks until the whole response is back (any status). Throws a `ConnectException`
   * when no complete response arrived (refused, reset, timeout, the worker died), an
   * `InvalidArgumentException` for a body or sink that cannot cross threads; `origin` becomes `getRequest()`.
   * A 2xx body goes into `request.sink` when there is one: a file, which the worker creates and writes.
   */
  send(request: SinkableRequest, origin?: OriginRequest): WireResponse<Buffer> {
    const body = toSyncBody(request.body);
    const sink = request.sink === undefined ? {} : { sink: fileSink(request.sink) };
    let answer;
    try {
      answer = roundTrip(this.#agentId, this.#agent, { ...request, body, ...sink });
    } catch (error) {
      if (error instanceof BridgeError) throw connectException(error.error, request.method, request.url, origin);
      throw new InvalidArgumentException(`the request cannot be sent to the sync worker (only plain data crosses threads): ${String(error)}`, {
        cause: error,
      });
    }
    if (!answer.ok) throw connectException(answer.error, request.method, request.url, origin);
    // Transferred from the worker (zero copy) as a plain Uint8Array.
    return { ...answer.response, body: asBuffer(answer.response.body) };
  }

  /** Lets the worker close this transport's pool. The transport still works afterwards (a new pool is built). */
  close(): void {
    dropAgent(this.#agentId);
  }
}

/** Only a file crosses to the worker; made absolute here, so the worker's idea of the cwd never matters. */
function fileSink(sink: NonNullable<SinkableRequest['sink']>): FileSink {
  if ('file' in sink && typeof sink.file === 'string' && sink.file !== '') return { file: resolve(sink.file) };
  throw new InvalidArgumentException('a synchronous verb writes a streamed body to a file only: give `sink` as a path, or use the promise verb for a Writable');
}
