/**
 * The HTTP side: reads each request whole (chunked bodies and `Expect: 100-continue` are Node's
 * job: it answers `100 Continue` itself) and writes the answer the sandbox computed from it.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingCall } from './api-call';
import type { WireReply } from './outgoing';

/** Bodies above this are refused before they fill memory (media uploads stay far below). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Answers a request itself (the console's pages and event streams) and says so, or returns `false`. */
export type Intercept = (call: IncomingCall, response: ServerResponse) => boolean;

/**
 * The last line of defence: whatever a request provokes, this thread (the CLI process, or the worker that
 * `stop()` talks to) keeps running. A throw here is a sandbox bug, answered as WeChat Pay's SYSTEM_ERROR.
 */
function answerSafely(respond: (call: IncomingCall) => WireReply, call: IncomingCall): WireReply {
  try {
    return respond(call);
  } catch (error) {
    warn(call, error);
    return {
      status: 500,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: Buffer.from(JSON.stringify({ code: 'SYSTEM_ERROR', message: '系统异常，请稍后重试' })),
    };
  }
}

/** The console answering a request itself; a throw there is a sandbox bug too, answered 500. */
function interceptSafely(intercept: Intercept, call: IncomingCall, response: ServerResponse): boolean {
  try {
    return intercept(call, response);
  } catch (error) {
    warn(call, error);
    if (response.headersSent) response.destroy();
    else response.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"code":"SYSTEM_ERROR","message":"系统异常，请稍后重试"}');
    return true;
  }
}

function warn(call: IncomingCall, error: unknown): void {
  process.emitWarning(`wechatpay-ts sandbox: ${call.method} ${call.target.slice(0, 200)} failed: ${String((error as Error)?.message ?? error)}`);
}

export function listen(port: number, host: string, respond: (call: IncomingCall) => WireReply, intercept?: Intercept): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413, { Connection: 'close' }).end();
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    // A client that hangs up mid-body must not become an unhandled 'error' that ends the process.
    request.on('error', () => response.destroy());
    request.on('end', () => {
      if (response.headersSent) return;
      const call: IncomingCall = { method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks) };
      if (intercept && interceptSafely(intercept, call, response)) return;
      const reply = answerSafely(respond, call);
      response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
      response.end(reply.body);
    });
  });
  server.keepAliveTimeout = 8_000; // as the real API's `Keep-Alive: timeout=8`

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
