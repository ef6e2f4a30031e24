/** exchange.cjs on this thread: the code the worker runs, exercised where coverage can see it. */
import { Readable, Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { createAgent, exchange, partsBody, partsOf, toWireError } from '../../lib/transport/exchange.cjs';
import type { ExchangeRequest } from '../../lib/transport/exchange-types';
import { closedPort, pattern, startTransportServer, type TransportServer } from '../helpers/transport-server';

let server: TransportServer;
let agent: Dispatcher;

beforeAll(async () => {
  server = await startTransportServer();
  agent = createAgent({ keepAliveTimeoutMs: 1000, connectTimeoutMs: 2000 });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

function request(path: string, extra: Partial<ExchangeRequest> = {}): ExchangeRequest {
  return { method: 'GET', url: `${server.origin}${path}`, headers: [], body: null, timeoutMs: 5000, maxResponseBytes: 1 << 20, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<ReturnType<typeof toWireError>> {
  try {
    await promise;
  } catch (error) {
    return toWireError(error);
  }
  throw new Error('expected the exchange to fail');
}

describe('exchange', () => {
  it('returns status, reason phrase, header pairs in wire order with duplicates, and the body bytes', async () => {
    const response = await exchange(
      request('/echo', { method: 'POST', headers: [['X-One', 'a'], ['x-one', 'b']], body: Buffer.from('ping') }),
      agent,
    );
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('Fine Thanks');
    expect(response.headers.filter(([name]) => name === 'X-Dup')).toEqual([['X-Dup', 'first'], ['X-Dup', 'second']]);
    expect(response.headers.filter(([name]) => name === 'Set-Cookie').map(([, value]) => value)).toEqual(['a=1', 'b=2']);
    const echoed = JSON.parse(Buffer.from(response.body).toString('utf8'));
    expect(echoed.method).toBe('POST');
    expect(echoed.headers.filter(([name]: [string]) => name.toLowerCase() === 'x-one')).toEqual([['X-One', 'a'], ['x-one', 'b']]);
    expect(Buffer.from(echoed.base64, 'base64').toString()).toBe('ping');
  });

  it('sends each request to its own origin and path, whichever origin the one before went to', async () => {
    const port = new URL(server.origin).port;
    const sent = async (url: string) => {
      const echoed = JSON.parse(Buffer.from((await exchange(request('', { url }), agent)).body).toString('utf8'));
      return { url: echoed.url, host: echoed.headers.find(([name]: [string]) => name.toLowerCase() === 'host')[1] };
    };
    expect(await sent(`http://127.0.0.1:${port}/echo?a=1`)).toEqual({ url: '/echo?a=1', host: `127.0.0.1:${port}` });
    expect(await sent(`http://127.0.0.1:${port}/echo?again#fragment`)).toEqual({ url: '/echo?again', host: `127.0.0.1:${port}` });
    expect(await sent(`http://localhost:${port}/echo?b=2`)).toEqual({ url: '/echo?b=2', host: `localhost:${port}` });
    expect(await sent(`http://user:secret@127.0.0.1:${port}/echo?c=3`)).toEqual({ url: '/echo?c=3', host: `127.0.0.1:${port}` });
    expect(await sent(`http://localhost:${port}/echo?d=4`)).toEqual({ url: '/echo?d=4', host: `localhost:${port}` });
  });

  it('settles with what onAnswer / onFailure make of the outcome, as then() would, with or without a sink', async () => {
    const how = { sameThread: true, onAnswer: (answer: { status: number }) => `status ${answer.status}`, onFailure: (error: unknown) => `failed: ${toWireError(error).code}` };
    await expect(exchange(request('/status?code=503'), agent, how)).resolves.toBe('status 503');
    const port = await closedPort();
    await expect(exchange(request('', { url: `http://127.0.0.1:${port}/` }), agent, how)).resolves.toBe('failed: ECONNREFUSED');
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { chunks.push(chunk); done(); } });
    await expect(exchange(request('/bytes?n=10', { sink } as Partial<ExchangeRequest>), agent, how)).resolves.toBe('status 200');
    expect(Buffer.concat(chunks).equals(pattern(10))).toBe(true);
    // What onAnswer throws rejects the exchange; so does what onFailure throws.
    const thrown = new Error('not this answer');
    await expect(exchange(request('/status?code=200'), agent, { ...how, onAnswer: () => { throw thrown; } })).rejects.toBe(thrown);
    await expect(exchange(request('', { url: `http://127.0.0.1:${port}/` }), agent, { ...how, onFailure: () => { throw thrown; } })).rejects.toBe(thrown);
    // A request that cannot be described reaches onFailure too.
    await expect(exchange(request('', { body: 42 as unknown as null }), agent, how)).resolves.toBe('failed: undefined');
  });

  it('returns a body that owns its whole buffer, so the worker can transfer it', async () => {
    const response = await exchange(request('/bytes?n=100'), agent);
    expect(response.body.byteOffset).toBe(0);
    expect(response.body.buffer.byteLength).toBe(100);
    expect(Buffer.from(response.body).equals(pattern(100))).toBe(true);
  });

  it('hands error statuses back as responses', async () => {
    const response = await exchange(request('/status?code=500'), agent);
    expect(response.status).toBe(500);
    expect(JSON.parse(Buffer.from(response.body).toString()).code).toBe('SYSTEM_ERROR');
  });

  it('drops an Expect: 100-continue header (undici refuses it) and still sends the body', async () => {
    const response = await exchange(
      request('/echo', { method: 'POST', headers: [['Expect', '100-continue']], body: Buffer.from('after continue') }),
      agent,
    );
    const echoed = JSON.parse(Buffer.from(response.body).toString());
    expect(Buffer.from(echoed.base64, 'base64').toString()).toBe('after continue');
  });

  it('streams a Readable body and a description of parts', async () => {
    const streamed = await exchange(request('/echo', { method: 'PUT', body: Readable.from([Buffer.from('a'), Buffer.from('bc')]) }), agent);
    expect(JSON.parse(Buffer.from(streamed.body).toString()).length).toBe(3);
    const described = await exchange(request('/echo', { method: 'PUT', body: { parts: [Buffer.from('x'), Buffer.from('yz')] } }), agent);
    const echoed = JSON.parse(Buffer.from(described.body).toString());
    expect(echoed.sha256).toBe(createHash('sha256').update('xyz').digest('hex'));
  });

  it('partsBody() is a stream that also exposes its parts', async () => {
    const parts = [Buffer.from('head '), Buffer.from('tail')];
    const body = partsBody(parts);
    expect(partsOf(body)).toEqual(parts);
    expect(partsOf(Readable.from(['x']))).toBeUndefined();
    const response = await exchange(request('/echo', { method: 'POST', body }), agent);
    expect(Buffer.from(JSON.parse(Buffer.from(response.body).toString()).base64, 'base64').toString()).toBe('head tail');
  });

  it('maps a refused connection to ECONNREFUSED', async () => {
    const port = await closedPort();
    const error = await failure(exchange(request('', { url: `http://127.0.0.1:${port}/` }), agent));
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('maps an unknown host to ENOTFOUND', async () => {
    const error = await failure(exchange(request('', { url: 'http://no-such-host.invalid/' }), agent));
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.code);
  });

  it('ends a never-answering exchange with ERR_WECHATPAY_TIMEOUT at the overall timeout', async () => {
    const started = performance.now();
    const error = await failure(exchange(request('/never', { timeoutMs: 400 }), agent));
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('counts the body in the timeout: a stalled body ends the same way', async () => {
    const error = await failure(exchange(request('/stall', { timeoutMs: 400 }), agent));
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
  });

  it('caps the response size, declared or chunked', async () => {
    const declared = await failure(exchange(request('/bytes?n=5000', { maxResponseBytes: 4999 }), agent));
    expect(declared.code).toBe('ERR_WECHATPAY_RESPONSE_TOO_LARGE');
    const chunked = await failure(exchange(request('/chunked?n=100000', { maxResponseBytes: 50000 }), agent));
    expect(chunked.code).toBe('ERR_WECHATPAY_RESPONSE_TOO_LARGE');
    const exact = await exchange(request('/chunked?n=50000', { maxResponseBytes: 50000 }), agent);
    expect(exact.body.byteLength).toBe(50000);
  });

  it('does not hold a HEAD response to the length it declares', async () => {
    const response = await exchange(request('/bytes?n=5000', { method: 'HEAD', maxResponseBytes: 100 }), agent);
    expect(response.status).toBe(200);
    expect(response.body.byteLength).toBe(0);
  });

  it('reports a socket closed without a response', async () => {
    const error = await failure(exchange(request('/reset'), agent));
    expect(error.code).toBe('UND_ERR_SOCKET');
  });
});

describe('toWireError', () => {
  it('keeps name, message, code and the cause chain, and lifts a root code', () => {
    const root = Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
    const wire = toWireError(new TypeError('fetch failed', { cause: root }));
    expect(wire).toEqual({ name: 'TypeError', message: 'fetch failed', code: 'ECONNRESET', cause: { name: 'Error', message: 'connect ECONNRESET', code: 'ECONNRESET' } });
  });

  it('takes the first inner error of an AggregateError', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' });
    const wire = toWireError(new AggregateError([inner], ''));
    expect(wire.code).toBe('ECONNREFUSED');
    expect(wire.message).toBe('connect ECONNREFUSED ::1:1');
  });

  it('describes thrown non-errors', () => {
    expect(toWireError('boom')).toEqual({ name: 'Error', message: 'boom' });
  });
});

describe('createAgent', () => {
  it('builds a proxy agent that reaches the target through the proxy URL', async () => {
    // The test server is not a proxy: a request through it fails, proving the proxy (not the target) was dialled.
    const port = await closedPort();
    const viaProxy = createAgent({ proxy: `http://127.0.0.1:${port}` });
    try {
      const error = await failure(exchange(request('/echo'), viaProxy));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toContain(String(port));
    } finally {
      await viaProxy.close();
    }
  });
});
