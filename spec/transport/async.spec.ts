/** AsyncTransport over real HTTP on 127.0.0.1. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Agent } from 'undici';
import { ConnectException, InvalidArgumentException, TransferException } from '../../lib/errors';
import { AsyncTransport, partsBody } from '../../lib/transport';
import type { WireRequest } from '../../lib/transport/wire';
import { closedPort, startTransportServer, type TransportServer } from '../helpers/transport-server';

let server: TransportServer;
const transport = new AsyncTransport({ agent: { keepAliveTimeoutMs: 1000 } });

beforeAll(async () => {
  server = await startTransportServer();
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

function request(path: string, extra: Partial<WireRequest> = {}): WireRequest {
  return { method: 'GET', url: `${server.origin}${path}`, headers: [], body: null, timeoutMs: 5000, maxResponseBytes: 1 << 20, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectException)) throw new Error(`expected a ConnectException, got ${String(error)}`);
  return error;
}

describe('AsyncTransport', () => {
  it('sends bytes and returns the whole response with a Buffer body', async () => {
    const response = await transport.send(request('/echo', { method: 'POST', headers: [['Content-Type', 'application/json']], body: Buffer.from('{"a":1}') }));
    expect(response.status).toBe(200);
    expect(Buffer.isBuffer(response.body)).toBe(true);
    expect(response.headers.filter(([name]) => name === 'X-Dup').map(([, v]) => v)).toEqual(['first', 'second']);
    const echoed = JSON.parse(response.body.toString());
    expect(Buffer.from(echoed.base64, 'base64').toString()).toBe('{"a":1}');
  });

  it('streams a Readable body (a media upload)', async () => {
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16384, i));
    const response = await transport.send(request('/echo', { method: 'POST', body: Readable.from(chunks) }));
    const echoed = JSON.parse(response.body.toString());
    expect(echoed.length).toBe(64 * 16384);
    expect(echoed.sha256).toBe(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'));
  });

  it('streams a partsBody()', async () => {
    const response = await transport.send(request('/echo', { method: 'POST', body: partsBody([Buffer.from('--b\r\n'), Buffer.from('data')]) }));
    expect(Buffer.from(JSON.parse(response.body.toString()).base64, 'base64').toString()).toBe('--b\r\ndata');
  });

  it('checks the parts of a partsBody()', () => {
    expect(() => partsBody([{ file: '' }])).toThrow(InvalidArgumentException);
    expect(() => partsBody([Buffer.from('a'), { file: '/tmp/x', start: 5, end: 2 }])).toThrow(/body part 1 .*start ≤ end/);
    expect(() => partsBody([42 as unknown as Uint8Array])).toThrow(/body part 0 must be/);
  });

  it('rejects with a ConnectException carrying the code when the connection is refused', async () => {
    const port = await closedPort();
    const error = await rejection(transport.send(request('', { url: `http://127.0.0.1:${port}/v3/x?mchid=1` })));
    expect(error).toBeInstanceOf(TransferException);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(`GET http://127.0.0.1:${port}/v3/x?mchid=1 failed before any response: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(error.hasResponse()).toBe(false);
  });

  it('times out on a server that never answers', async () => {
    const started = performance.now();
    const error = await rejection(transport.send(request('/never', { timeoutMs: 500 })));
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
    expect(error.message).toContain('no complete response within 500 ms');
    expect(performance.now() - started).toBeLessThan(500 + 2000);
  });

  it('refuses a response larger than the cap', async () => {
    const error = await rejection(transport.send(request('/bytes?n=2048', { maxResponseBytes: 1024 })));
    expect(error.code).toBe('ERR_WECHATPAY_RESPONSE_TOO_LARGE');
    expect(error.message).toContain('failed while reading the response');
  });

  it("uses the user's dispatcher when one is given, and leaves it open on close()", async () => {
    const dispatcher = new Agent();
    const seen: string[] = [];
    const wrapped = dispatcher.compose((dispatch) => (options, handler) => {
      seen.push(String(options.path));
      return dispatch(options, handler);
    });
    const own = new AsyncTransport({ agent: {}, dispatcher: wrapped });
    expect((await own.send(request('/bytes?n=3'))).body).toEqual(Buffer.from([0, 1, 2]));
    await own.close();
    expect((await own.send(request('/bytes?n=1'))).status).toBe(200);
    expect(seen).toEqual(['/bytes?n=3', '/bytes?n=1']);
    await dispatcher.close();
  });
});
