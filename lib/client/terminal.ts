/**
 * The innermost handler: hands the signed Request to the network and builds the Response. The verb kind
 * picks the transport and nothing else — undici on this thread for promise verbs, the worker bridge for
 * synchronous ones.
 */
import type { Request } from '../message/request';
import { redactedHeaders } from '../message/request';
import { Response } from '../message/response';
import { SyncModeException } from '../errors';
import { SYNC_CALL, type Handler, type HandlerOptions } from '../stack/types';
import type { AsyncTransport } from '../transport/async';
import type { SyncTransport } from '../transport/sync';
import type { WireRequest, WireResponse } from '../transport/wire';
import type { DebugSink } from './config';

/** 64 MiB: a larger reply is an error, not an out-of-memory. Bills can stream with the download helper. */
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
  readonly debug: DebugSink | undefined;
}

export function terminalHandler(transports: Transports, settings: TerminalSettings): Handler {
  return (request, options) => {
    if (options.sync && options[SYNC_CALL]?.open === false) {
      throw new SyncModeException(`${request.method} ${request.uri.pathname} reached the transport after its synchronous call had ended (an entry went asynchronous); it was not sent.`);
    }
    const wire = toWire(request, options, settings);
    const debug = resolveDebug(options.debug, settings.debug);
    debug?.(describeRequest(request));
    const done = (answer: WireResponse): Response => {
      const response = fromWire(answer);
      debug?.(describeResponse(response));
      return response;
    };
    return options.sync ? done(transports.sync(options).send(wire, request)) : transports.async(options).send(wire, request).then(done);
  };
}

function toWire(request: Request, options: HandlerOptions, settings: TerminalSettings): WireRequest {
  const timeout = typeof options.timeout === 'number' ? options.timeout : settings.timeoutMs;
  return {
    method: request.method,
    url: request.uri.href,
    headers: request.headers.pairs(),
    body: request.body.content,
    timeoutMs: timeout,
    ...(settings.headersTimeoutMs ? { headersTimeoutMs: settings.headersTimeoutMs } : {}),
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
}

function fromWire(answer: WireResponse): Response {
  const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
  return new Response(answer.status, answer.headers, body, answer.statusText);
}

function resolveDebug(option: unknown, fallback: DebugSink | undefined): DebugSink | undefined {
  if (typeof option === 'function') return option as DebugSink;
  if (option === true) return fallback ?? ((line) => process.stderr.write(`${line}\n`));
  if (option === false) return undefined;
  return fallback;
}

const DEBUG_BODY_CHARS = 2048;

function describeRequest(request: Request): string {
  const headers = Object.entries(redactedHeaders(request.headers)).map(([n, v]) => `> ${n}: ${v}`);
  const body = request.body.isStream ? `(stream; signed text: ${clip(request.body.toString())})` : clip(request.body.toString());
  return [`> ${request.method} ${request.getRequestTarget()} (${request.uri.origin})`, ...headers, body && `> ${body}`].filter(Boolean).join('\n');
}

function describeResponse(response: Response): string {
  const headers = Object.entries(redactedHeaders(response.headerList)).map(([n, v]) => `< ${n}: ${v}`);
  const body = clip(response.text());
  return [`< ${response.status} ${response.reasonPhrase}`, ...headers, body && `< ${body}`].filter(Boolean).join('\n');
}

function clip(text: string): string {
  return text.length > DEBUG_BODY_CHARS ? `${text.slice(0, DEBUG_BODY_CHARS)}… (${text.length} chars)` : text;
}
