/** A bare HTTP receiver on 127.0.0.1 that records what arrives and answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface Received {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** `answer(n)` gives the status for the n-th request (0-based), or `'hang'` to never answer. */
export async function startReceiver(answer: (n: number, request: Received) => number | 'hang' | { status: number; headers: Record<string, string> }): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const at = Date.now();
    const request: Received = { at, method: req.method!, url: req.url!, headers: req.headers, body: await buffer(req) };
    received.push(request);
    const reply = answer(received.length - 1, request);
    if (reply === 'hang') return;
    if (typeof reply === 'number') res.writeHead(reply).end();
    else res.writeHead(reply.status, reply.headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
