/**
 * The innermost handler: hands the signed Request to the network and builds the Response. The verb kind
 * picks the transport and nothing else — undici on this thread for promise verbs, the worker bridge for
 * synchronous ones.
 */
import type { Request } from '../message/request';
import { redactedHeaders } from '../message/request';
import { redact } from '../redact';
import { Headers, readonlyPairsOf } from '../message/headers';
import { Response } from '../message/response';
import { SyncModeException } from '../errors';
import { SYNC_CALL, type Handler, type HandlerOptions } from '../stack/types';
import type { AsyncTransport } from '../transport/async';
import type { SyncTransport } from '../transport/sync';
import type { WireResponse } from '../transport/wire';
import type { ResponseSink, SinkableRequest } from '../transport/exchange-types';
import { sleepAsync, sleepSync } from '../resilience/sleep';
import type { DebugSink } from './config';
import type { VerbOptions } from './options';
import { secondsToMs } from './timeouts';
import { TransferStats } from './transfer-stats';

/** 64 MiB: a larger reply is an error, not an out-of-memory. A body streamed into a `sink` has no cap. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface Transports {
  /** Chosen per request: mTLS (APIv2 `security: true`) needs its own pool. */
  async(options: HandlerOptions): AsyncTransport;
  sync(options: HandlerOptions): SyncTransport;
}

export interface TerminalSettings {
  readonly timeoutMs: number;
  /** First-byte limit, milliseconds (0 or absent: only `timeoutMs`). */
  readonly headersTimeoutMs?: number;
  /** Limit on each read, milliseconds (0 or absent: only `timeoutMs`). */
  readonly readTimeoutMs?: number;
  readonly debug: DebugSink | undefined;
}

export function terminalHandler(transports: Transports, settings: TerminalSettings): Handler {
  return (request, options) => {
    if (options.sync && options[SYNC_CALL]?.open === false) {
      throw new SyncModeException(`${request.method} ${request.uri.pathname} reached the transport after its synchronous call had ended (an entry went asynchronous); it was not sent.`);
    }
    const wire = toWire(request, options, settings);
    const debug = resolveDebug(options.debug, settings.debug);
    const delayMs = typeof options.delay === 'number' ? options.delay : 0;
    const onStats = options.on_stats as VerbOptions['on_stats'];
    // The usual promise-verb request has nobody to tell: no debug sink, no on_stats, no delay. Its answer goes straight on.
    if (!options.sync && debug === undefined && onStats === undefined && delayMs === 0) return transports.async(options).send(wire, request, fromWire);
    let started = 0;
    const start = (): void => {
      debug?.(describeRequest(request));
      started = performance.now();
    };
    const stats = (response: Response | undefined, error?: unknown): void => onStats?.(new TransferStats(request, response, (performance.now() - started) / 1000, error));
    const done = (answer: WireResponse<Buffer>): Response => {
      const response = fromWire(answer);
      debug?.(describeResponse(response));
      stats(response);
      return response;
    };
    const failed = (error: unknown): never => {
      stats(undefined, error);
      throw error;
    };
    if (options.sync) {
      sleepSync(delayMs);
      start();
      let answer: WireResponse<Buffer>;
      try {
        answer = transports.sync(options).send(wire, request);
      } catch (error) {
        return failed(error);
      }
      return done(answer);
    }
    const send = () => {
      start();
      return transports.async(options).send(wire, request).then(done, failed);
    };
    return delayMs > 0 ? sleepAsync(delayMs).then(send) : send();
  };
}

/** The verb's timeouts are seconds (checked in prepareRequest; checked again here for a hand-built options object). */
function toWire(request: Request, options: HandlerOptions, settings: TerminalSettings): SinkableRequest {
  const readTimeoutMs = secondsToMs(options.read_timeout, 'read_timeout', settings.readTimeoutMs ?? 0);
  const sink = sinkOf(options);
  const wire: SinkableRequest = {
    method: request.method,
    url: request.uri.href,
    headers: readonlyPairsOf(request.headers),
    body: request.body.content,
    timeoutMs: secondsToMs(options.timeout, 'timeout', settings.timeoutMs),
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
  // Absent rather than undefined when not set: the sync bridge copies the object across threads as it is.
  if (settings.headersTimeoutMs) wire.headersTimeoutMs = settings.headersTimeoutMs;
  if (readTimeoutMs) wire.readTimeoutMs = readTimeoutMs;
  if (sink !== undefined) wire.sink = sink;
  return wire;
}

/** The verb's `sink` (checked in prepareRequest): a path becomes a file sink, the only kind the sync worker takes. */
function sinkOf(options: HandlerOptions): ResponseSink | undefined {
  const sink = options.sink;
  return typeof sink === 'string' ? { file: sink } : sink;
}

function fromWire(answer: WireResponse<Buffer>): Response {
  // The pairs were made for this answer alone, unless a sink was shown them too (it gets the head before the body).
  const headers = answer.streamedBytes === undefined ? Headers.adopt(answer.headers) : answer.headers;
  return new Response(answer.status, headers, answer.body, answer.statusText, answer.streamedBytes, answer.streamedDigest);
}

/** The debug sink of this call, if any; every line it receives has been through `redact()`, whoever wrote it. */
function resolveDebug(option: HandlerOptions['debug'], fallback: DebugSink | undefined): DebugSink | undefined {
  const sink =
    typeof option === 'function'
      ? option
      : option === true
        ? (fallback ?? ((line: string) => process.stderr.write(`${line}\n`)))
        : option === false
          ? undefined
          : fallback;
  return sink && ((line) => sink(redact(line)));
}

const DEBUG_BODY_CHARS = 2048;

function describeRequest(request: Request): string {
  const headers = Object.entries(redactedHeaders(request.headers)).map(([n, v]) => `> ${n}: ${v}`);
  // Redacted before clipping, so a signature cut by the clip is still recognised whole.
  const body = request.body.isStream ? `(stream; signed text: ${clip(redact(request.body.toString()))})` : clip(redact(request.body.toString()));
  return [`> ${request.method} ${request.getRequestTarget()} (${request.uri.origin})`, ...headers, body && `> ${body}`].filter(Boolean).join('\n');
}

function describeResponse(response: Response): string {
  const headers = Object.entries(redactedHeaders(response.headerList)).map(([n, v]) => `< ${n}: ${v}`);
  const sent = response.streamedBytes;
  const body = sent === undefined ? clip(redact(response.text())) : `(${sent} bytes streamed into the sink)`;
  return [`< ${response.status} ${response.reasonPhrase}`, ...headers, body && `< ${body}`].filter(Boolean).join('\n');
}

function clip(text: string): string {
  return text.length > DEBUG_BODY_CHARS ? `${text.slice(0, DEBUG_BODY_CHARS)}… (${text.length} chars)` : text;
}
