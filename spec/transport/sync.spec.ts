/**
 * SyncTransport through the real worker bridge, against a server in a child process (a server on this
 * thread could not answer while the call blocks it).
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { ConnectException, InvalidArgumentException } from '../../lib/errors';
import { BACKSTOP_GRACE_MS, configureSyncBridge, setWorkerEntryForTests, syncBridgeRunning, warmSyncBridgeSoon } from '../../lib/transport/bridge';
import { SyncTransport, closeSyncBridge, partsBody, partsLength, type AgentOptions, type WireRequest } from '../../lib/transport';
import { closedPort, pattern, startTransportServer, type TransportServer } from '../helpers/transport-server';

let server: TransportServer;
let scratch: string;
const transport = new SyncTransport({ keepAliveTimeoutMs: 2000 });

beforeAll(async () => {
  server = await startTransportServer();
  scratch = mkdtempSync(path.join(tmpdir(), 'wechatpay-transport-'));
});
afterAll(async () => {
  closeSyncBridge();
  rmSync(scratch, { recursive: true, force: true });
  await server.close();
});
afterEach(() => {
  setWorkerEntryForTests(undefined);
  jest.useRealTimers();
});

function request(path: string, extra: Partial<WireRequest> = {}): WireRequest {
  return { method: 'GET', url: `${server.origin}${path}`, headers: [], body: null, timeoutMs: 5000, maxResponseBytes: 1 << 20, ...extra };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function connectFailure(run: () => unknown): ConnectException {
  const error = thrown(run);
  if (!(error instanceof ConnectException)) throw new Error(`expected a ConnectException, got ${String(error)}`);
  return error;
}

function echoOf(body: Buffer): { method: string; length: number; sha256: string; base64: string | null; headers: [string, string][] } {
  return JSON.parse(body.toString('utf8'));
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// First in this file, so that the worker's start-up work is long over when the file ends.
describe('the bridge warm-up', () => {
  it('starts no worker when configured off (this suite’s setup does so)', async () => {
    configureSyncBridge({ warmUp: false });
    warmSyncBridgeSoon();
    await nextTurn();
    await nextTurn();
    expect(syncBridgeRunning()).toBe(false);
  });

  it('refuses settings it does not know, naming them, and changes nothing', async () => {
    for (const [settings, named] of [
      [null, 'takes an object'],
      [{ warmup: false }, 'unknown setting `warmup`'],
      [{ warmUp: 'no' }, '`warmUp` must be true or false, not string'],
    ] as const) {
      expect(() => configureSyncBridge(settings as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentException', message: expect.stringContaining(named) }));
    }
    warmSyncBridgeSoon();
    await nextTurn();
    await nextTurn();
    expect(syncBridgeRunning()).toBe(false);
  });

  it('starts the worker on the next turn of the event loop, not on the caller’s path, and the first call uses it', async () => {
    configureSyncBridge({ warmUp: true });
    warmSyncBridgeSoon();
    expect(syncBridgeRunning()).toBe(false);
    await nextTurn();
    expect(syncBridgeRunning()).toBe(true);
    expect(transport.send(request('/bytes?n=3')).body).toEqual(Buffer.from([0, 1, 2]));
    expect(syncBridgeRunning()).toBe(true);
  });

  it('warms up once per process: clients built after closeSyncBridge() leave the start to the next call', async () => {
    closeSyncBridge();
    warmSyncBridgeSoon();
    await nextTurn();
    expect(syncBridgeRunning()).toBe(false);
    expect(transport.send(request('/bytes?n=1')).status).toBe(200);
    expect(syncBridgeRunning()).toBe(true);
  });
});

describe('SyncTransport', () => {
  it('returns status, reason, header pairs with duplicates and a Buffer body, synchronously', () => {
    const body = Buffer.from('{"amount":{"total":1}}');
    const response = transport.send(request('/echo', { method: 'POST', headers: [['Content-Type', 'application/json'], ['X-Twice', '1'], ['X-Twice', '2']], body }));
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('Fine Thanks');
    expect(response.headers.filter(([name]) => name === 'Set-Cookie')).toEqual([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
    expect(Buffer.isBuffer(response.body)).toBe(true);
    const echoed = echoOf(response.body);
    expect(echoed.method).toBe('POST');
    expect(echoed.headers.filter(([name]) => name === 'X-Twice').map(([, v]) => v)).toEqual(['1', '2']);
    expect(Buffer.from(echoed.base64 ?? '', 'base64').equals(body)).toBe(true);
    // Copied, not transferred: the caller still has its bytes (retries, logs).
    expect(body.toString()).toBe('{"amount":{"total":1}}');
  });

  it('sends only the bytes of a view into a larger buffer', () => {
    const big = Buffer.alloc(1 << 20, 7);
    big.write('slice!', 4096);
    const response = transport.send(request('/echo', { method: 'PUT', body: big.subarray(4096, 4102) }));
    expect(Buffer.from(echoOf(response.body).base64 ?? '', 'base64').toString()).toBe('slice!');
  });

  it('returns large bodies intact and error statuses as responses', () => {
    const bytes = transport.send(request('/chunked?n=300000', { maxResponseBytes: 300000 })).body;
    expect(bytes.equals(pattern(300000))).toBe(true);
    const failed = transport.send(request('/status?code=503'));
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.body.toString()).code).toBe('SYSTEM_ERROR');
  });

  it('throws a ConnectException (instanceof holds under jest) with the code of a refused connection', () => {
    return closedPort().then((port) => {
      const error = connectFailure(() => transport.send(request('', { method: 'POST', url: `http://127.0.0.1:${port}/v3/pay?secret=s` })));
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toBe(`POST http://127.0.0.1:${port}/v3/pay?secret=s failed before any response: connect ECONNREFUSED 127.0.0.1:${port}`);
      expect(error.cause).toBeInstanceOf(Error);
      expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    });
  });

  it('times out on a server that never answers, within timeout + grace, and the next call gets its own answer', () => {
    const started = performance.now();
    const error = connectFailure(() => transport.send(request('/never', { timeoutMs: 600 })));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(600 + BACKSTOP_GRACE_MS);
    expect(echoOf(transport.send(request('/echo?after=timeout')).body).method).toBe('GET');
    expect(transport.send(request('/bytes?n=5')).body).toEqual(Buffer.from([0, 1, 2, 3, 4]));
  });

  it('counts a stalled body in the timeout', () => {
    expect(connectFailure(() => transport.send(request('/stall', { timeoutMs: 500 }))).code).toBe('ERR_WECHATPAY_TIMEOUT');
  });

  it('refuses a response larger than the cap', () => {
    const error = connectFailure(() => transport.send(request('/bytes?n=70000', { maxResponseBytes: 65536 })));
    expect(error.code).toBe('ERR_WECHATPAY_RESPONSE_TOO_LARGE');
  });

  it('uploads a 20 MB file stream from the worker, without reading it on this thread', () => {
    const file = path.join(scratch, 'upload.bin');
    const content = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content.writeUInt32BE(i, i);
    writeFileSync(file, content);
    const expected = sha256(content);
    transport.send(request('/bytes?n=1')); // the bridge is up before measuring
    const before = process.memoryUsage();
    const rss: number[] = [];
    for (let round = 0; round < 3; round++) {
      const echoed = echoOf(transport.send(request('/echo', { method: 'POST', body: createReadStream(file), timeoutMs: 20000 })).body);
      expect(echoed.length).toBe(content.length);
      expect(echoed.sha256).toBe(expected);
      rss.push(process.memoryUsage().rss - before.rss);
    }
    const after = process.memoryUsage();
    // This thread never holds the file: its buffers and heap stay put.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * 1024 * 1024);
    // The process as a whole includes the worker's read buffers, freed whenever its GC runs, so RSS is only
    // held to a loose bound: less than what was sent (measured alone: ~32 MB, flat from 1 to 8 uploads).
    expect(rss[2]!).toBeLessThan(3 * content.length);
  });

  it('uploads a range of a file stream and a multipart-like partsBody', () => {
    const file = path.join(scratch, 'range.bin');
    writeFileSync(file, '0123456789');
    const range = echoOf(transport.send(request('/echo', { method: 'POST', body: createReadStream(file, { start: 2, end: 5 }) })).body);
    expect(Buffer.from(range.base64 ?? '', 'base64').toString()).toBe('2345');
    const list = [Buffer.from('--B\r\nhead\r\n'), { file }, { file, start: 9 }, Buffer.from('\r\n--B--')];
    const length = partsLength(list);
    expect(length).toBe(11 + 10 + 1 + 7);
    const headers: [string, string][] = [['Content-Length', String(length)]];
    const parts = echoOf(transport.send(request('/echo', { method: 'POST', headers, body: partsBody(list) })).body);
    expect(Buffer.from(parts.base64 ?? '', 'base64').toString()).toBe('--B\r\nhead\r\n01234567899\r\n--B--');
    expect(parts.headers).toContainEqual(['content-length', '29']); // sent with the length, not chunked
  });

  it('refuses any other stream with an InvalidArgumentException that points to the promise verb', () => {
    const error = thrown(() => transport.send(request('/echo', { method: 'POST', body: Readable.from(['x']) })));
    expect(error).toBeInstanceOf(InvalidArgumentException);
    expect((error as Error).message).toMatch(/postAsync\(\)/);
    const file = path.join(scratch, 'read.bin');
    writeFileSync(file, 'abc');
    const used = createReadStream(file);
    used.read(); // already started: its start position is no longer known
    return new Promise<void>((resolve) => used.once('readable', resolve)).then(() => {
      used.read();
      expect(thrown(() => transport.send(request('/echo', { method: 'POST', body: used })))).toBeInstanceOf(InvalidArgumentException);
      used.destroy();
    });
  });

  it('refuses agent options that are not plain data', () => {
    const odd = new SyncTransport({ ca: (() => 'pem') as unknown as string } satisfies AgentOptions);
    expect(thrown(() => odd.send(request('/bytes?n=1')))).toBeInstanceOf(InvalidArgumentException);
  });

  it('keeps working after close() of a transport and with several transports', () => {
    const other = new SyncTransport({});
    expect(other.send(request('/bytes?n=2')).body).toEqual(Buffer.from([0, 1]));
    other.close();
    expect(other.send(request('/bytes?n=2')).status).toBe(200);
    expect(transport.send(request('/bytes?n=2')).status).toBe(200);
  });

  it('is not hung by jest fake timers', () => {
    jest.useFakeTimers();
    expect(transport.send(request('/bytes?n=3')).body).toEqual(Buffer.from([0, 1, 2]));
    expect(connectFailure(() => transport.send(request('/never', { timeoutMs: 300 }))).code).toBe('ERR_WECHATPAY_TIMEOUT');
  });

  it('makes 1,000 sequential calls, each with its own answer', () => {
    for (let i = 0; i < 1000; i++) {
      const n = i % 50;
      expect(transport.send(request(`/bytes?n=${n}`)).body.length).toBe(n);
    }
  });

  it('fails fast when the worker entry does not load, then recovers', () => {
    setWorkerEntryForTests(path.join(__dirname, '../helpers/transport-worker-broken.cjs'));
    const started = performance.now();
    const error = connectFailure(() => transport.send(request('/bytes?n=1', { timeoutMs: 30000 })));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('ERR_WECHATPAY_SYNC_WORKER_START');
    expect(error.message).toContain('the sync worker failed to start');
    expect((error.cause as Error).cause).toMatchObject({ name: 'SyntaxError' });
    setWorkerEntryForTests(undefined);
    expect(transport.send(request('/bytes?n=1')).status).toBe(200);
  });

  it('fails fast when the worker dies mid-request, then recovers with a fresh worker', () => {
    setWorkerEntryForTests(path.join(__dirname, '../helpers/transport-worker-dying.cjs'));
    const started = performance.now();
    const error = connectFailure(() => transport.send(request('/bytes?n=1', { timeoutMs: 30000 })));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('ERR_WECHATPAY_SYNC_WORKER_EXITED');
    setWorkerEntryForTests(undefined);
    expect(transport.send(request('/bytes?n=1')).status).toBe(200);
  });

  it('gives up on a silent worker at timeout + grace, never hangs', () => {
    setWorkerEntryForTests(path.join(__dirname, '../helpers/transport-worker-silent.cjs'));
    const started = performance.now();
    const error = connectFailure(() => transport.send(request('/bytes?n=1', { timeoutMs: 100 })));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('ERR_WECHATPAY_SYNC_BACKSTOP');
    expect(elapsed).toBeGreaterThanOrEqual(100 + BACKSTOP_GRACE_MS - 10);
    expect(elapsed).toBeLessThan(100 + BACKSTOP_GRACE_MS + 1500);
  });
});
