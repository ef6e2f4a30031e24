/**
 * Failover and retries over real sockets: scripted hosts in a child process, both verb kinds. What arrives
 * at each host is counted on the server side, so "sent once" and "never sent twice" are facts, not hopes.
 */
import { Builder, ClientException, closeSyncBridge, ConnectException, ServerException, type BuilderChainable, type Response } from '../../lib';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ClientConfig } from '../../lib/client/config';
import { MediaUtil } from '../../lib/files/media-util';
import type { AttemptRecord } from '../../lib/resilience';
import { startFaultServer, type FaultServer } from '../helpers/faults-server';
import { faultsClientConfig, platformSigning } from '../helpers/faults-keys';
import { closedPort } from '../helpers/transport-server';

let primary: FaultServer;
let backup: FaultServer;
let refusedBase: string;

beforeAll(async () => {
  [primary, backup] = await Promise.all([startFaultServer('primary', platformSigning()), startFaultServer('backup', platformSigning())]);
  refusedBase = `http://127.0.0.1:${await closedPort()}/`;
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
  closeSyncBridge();
});

type Verb = 'get' | 'post';
type Call = (node: BuilderChainable, verb: Verb) => Promise<Response>;
const kinds: Array<[string, Call]> = [
  ['promise', (node, verb) => (verb === 'get' ? node.getAsync({ id: 'T1' }) : node.postAsync({ id: 'T1', json: { amount: 1 } }))],
  ['sync', async (node, verb) => (verb === 'get' ? node.get({ id: 'T1' }) : node.post({ id: 'T1', json: { amount: 1 } }))],
];

function client(overrides: Partial<ClientConfig> & { base_uri: string }): BuilderChainable {
  return Builder.factory(faultsClientConfig({ timeout: 5, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...overrides }));
}

const node = (instance: BuilderChainable) => instance.chain('v3/resilience/{id}');

async function failure(promise: Promise<unknown>): Promise<Error & { attempts?: AttemptRecord[]; code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { attempts?: AttemptRecord[] };
  }
  throw new Error('expected a failure');
}

const served = (response: Response) => (response.json() as { server: string }).server;

it('the v3 stack places retry between verifier and http_errors, so signer signs every attempt', () => {
  const instance = client({ base_uri: primary.baseUri });
  expect(instance.getDriver().select().handler.names()).toEqual(['verifier', 'retry', 'http_errors', 'allow_redirects', 'signer', 'prepare_body']);
});

describe.each(kinds)('%s verbs', (_, call) => {
  it.each(['get', 'post'] as const)('a refused primary fails over to the backup, same path, re-signed (%s)', async (verb) => {
    await backup.script();
    const response = await call(node(client({ base_uri: refusedBase, backup_base_uri: backup.baseUri })), verb);
    expect(served(response)).toBe('backup');
    const arrivals = await backup.arrivals();
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]).toMatchObject({ method: verb.toUpperCase(), target: '/v3/resilience/T1' });
  });

  it('a primary whose name does not resolve (RFC 6761 .invalid) fails over, even for a POST', async () => {
    await backup.script();
    const instance = client({ base_uri: 'http://api.wechatpay-ts.invalid/', backup_base_uri: backup.baseUri });
    const response = await call(node(instance), 'post');
    expect(served(response)).toBe('backup');
    expect(await backup.arrivals()).toHaveLength(1);
  });

  it('a primary that resets before the status line: a GET goes to the backup', async () => {
    await primary.script({ do: 'reset' });
    await backup.script();
    const response = await call(node(client({ base_uri: primary.baseUri, backup_base_uri: backup.baseUri })), 'get');
    expect(served(response)).toBe('backup');
    expect(await primary.arrivals()).toHaveLength(1);
    const [first] = await backup.arrivals();
    expect(first?.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
  });

  it('a POST whose request was written is never sent again: reset, no backup attempt, one arrival', async () => {
    await primary.script({ do: 'reset' });
    await backup.script();
    const error = await failure(call(node(client({ base_uri: primary.baseUri, backup_base_uri: backup.baseUri })), 'post'));
    expect(error).toBeInstanceOf(ConnectException);
    expect(await primary.arrivals()).toHaveLength(1);
    expect(await backup.arrivals()).toHaveLength(0);
    expect(error.attempts).toEqual([{ url: `${primary.baseUri}v3/resilience/T1`, error: error.code }]);
  });

  it('a 503 then a 200: the GET is retried with a fresh nonce and timestamp', async () => {
    await primary.script({ do: 'status', status: 503, code: 'SERVICE_UNAVAILABLE' });
    const response = await call(node(client({ base_uri: primary.baseUri, backup_base_uri: false })), 'get');
    expect(served(response)).toBe('primary');
    const arrivals = await primary.arrivals();
    expect(arrivals.map((a) => a.action)).toEqual(['status', 'ok']);
    const nonce = (a: { authorization: string }) => /nonce_str="([^"]+)"/.exec(a.authorization)?.[1];
    expect(nonce(arrivals[0]!)).toBeDefined();
    expect(nonce(arrivals[0]!)).not.toBe(nonce(arrivals[1]!));
  });

  it('a POST 503 without opt-in is not retried; with retry.methods it is', async () => {
    await primary.script({ do: 'status', status: 503 });
    const error = await failure(call(node(client({ base_uri: primary.baseUri })), 'post'));
    expect(error).toBeInstanceOf(ServerException);
    expect(await primary.arrivals()).toHaveLength(1);

    await primary.script({ do: 'status', status: 503 });
    const opted = client({ base_uri: primary.baseUri, retry: { methods: ['GET', 'POST'], baseDelayMs: 5 } });
    expect(served(await call(node(opted), 'post'))).toBe('primary');
    expect((await primary.arrivals()).map((a) => a.action)).toEqual(['status', 'ok']);
  });

  it('a 429 FREQUENCY_LIMITED with Retry-After: 1 is waited out, then retried', async () => {
    await primary.script({ do: 'status', status: 429, code: 'FREQUENCY_LIMITED', headers: { 'Retry-After': '1' } });
    const started = performance.now();
    const response = await call(node(client({ base_uri: primary.baseUri })), 'get');
    const elapsed = performance.now() - started;
    expect(served(response)).toBe('primary');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(6000);
  });

  it('a Retry-After beyond maxRetryAfterMs ends the retries at once', async () => {
    await primary.script({ do: 'status', status: 429, code: 'FREQUENCY_LIMITED', headers: { 'Retry-After': '120' } });
    const started = performance.now();
    const error = await failure(call(node(client({ base_uri: primary.baseUri, retry: { maxRetryAfterMs: 2000 } })), 'get'));
    expect(error).toBeInstanceOf(ClientException);
    expect(performance.now() - started).toBeLessThan(1900); // neither 120 s nor the 2 s cap was waited
    expect(await primary.arrivals()).toHaveLength(1);
  });

  it('the final error lists every attempt and where it went', async () => {
    const busy = { do: 'status', status: 500 } as const;
    await backup.script(busy, busy, busy);
    const error = await failure(call(node(client({ base_uri: refusedBase, backup_base_uri: backup.baseUri })), 'get'));
    expect(error).toBeInstanceOf(ServerException);
    expect(error.attempts).toEqual([
      { url: `${refusedBase}v3/resilience/T1`, error: 'ECONNREFUSED' },
      { url: `${backup.baseUri}v3/resilience/T1`, status: 500 },
      { url: `${backup.baseUri}v3/resilience/T1`, status: 500 },
      { url: `${backup.baseUri}v3/resilience/T1`, status: 500 },
    ]);
    expect(error.message).toContain('4 attempts: #1 ');
    expect(await backup.arrivals()).toHaveLength(3);
  });

  it('a server that stalls before the headers ends in the first-byte timeout, not the whole one', async () => {
    await primary.script({ do: 'stall-headers' });
    const started = performance.now();
    const error = await failure(call(node(client({ base_uri: primary.baseUri, headers_timeout: 0.3, timeout: 10 })), 'get'));
    expect(error).toBeInstanceOf(ConnectException);
    expect(error.code).toBe('ERR_WECHATPAY_HEADERS_TIMEOUT');
    expect(error.message).toContain('no response headers within 300 ms');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000); // far below the whole-exchange 10 s
    expect(await primary.arrivals()).toHaveLength(1); // a timeout is not retried on the same host
  });

  it('a first-byte timeout on the primary sends a GET to the backup', async () => {
    await primary.script({ do: 'stall-headers' });
    await backup.script();
    const response = await call(node(client({ base_uri: primary.baseUri, backup_base_uri: backup.baseUri, headers_timeout: 0.3 })), 'get');
    expect(served(response)).toBe('backup');
  });

  it('a server that stalls mid-body ends in the whole-exchange timeout (the first-byte one was met)', async () => {
    await primary.script({ do: 'stall-body' });
    const started = performance.now();
    const error = await failure(call(node(client({ base_uri: primary.baseUri, timeout: 0.6, headers_timeout: 0.2 })), 'get'));
    expect(error).toBeInstanceOf(ConnectException);
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(5000);
    expect(await primary.arrivals()).toHaveLength(1);
  });

  it('a truncated body is no response: a GET is retried, a POST is not', async () => {
    await primary.script({ do: 'truncate' });
    const response = await call(node(client({ base_uri: primary.baseUri })), 'get');
    expect((await primary.arrivals()).map((a) => a.action)).toEqual(['truncate', 'ok']);
    expect(served(response)).toBe('primary');

    await primary.script({ do: 'truncate' });
    const error = await failure(call(node(client({ base_uri: primary.baseUri })), 'post'));
    expect(error).toBeInstanceOf(ConnectException);
    expect(await primary.arrivals()).toHaveLength(1);
  });

  it('an explicit proxy carries both verb kinds (CONNECT tunnel)', async () => {
    const proxy = backup;
    await proxy.script();
    await primary.script();
    const response = await call(node(client({ base_uri: primary.baseUri, proxy: proxy.origin })), 'get');
    expect(served(response)).toBe('primary');
    expect(await proxy.arrivals()).toEqual([expect.objectContaining({ method: 'CONNECT', target: primary.baseUri.slice(7, -1) })]);
  });

  it('HTTP_PROXY from the environment is used, and proxy: false ignores it', async () => {
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = backup.origin;
    try {
      const viaEnv = client({ base_uri: primary.baseUri });
      const direct = client({ base_uri: primary.baseUri, proxy: false });
      await backup.script();
      await call(node(viaEnv), 'get');
      expect((await backup.arrivals()).map((a) => a.method)).toEqual(['CONNECT']);
      await call(node(direct), 'get');
      expect(await backup.arrivals()).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });
});

it('the APIv2 stack fails over too: a refused primary, the POST arrives at the backup once', async () => {
  await backup.script();
  const instance = client({ base_uri: refusedBase, backup_base_uri: backup.baseUri, secret: 'a'.repeat(32) });
  expect(instance.getDriver().select('v2').handler.names()).toEqual(['transform_response', 'retry', 'http_errors', 'allow_redirects', 'transform_request', 'prepare_body']);
  // The backup answers JSON, which the APIv2 checks refuse: what matters here is where the request went.
  await instance.v2.pay.orderquery.postAsync({ xml: { appid: 'wxd678efh567h23787', mch_id: '1900000109', out_trade_no: 'T1' } }).catch(() => undefined);
  expect(await backup.arrivals()).toEqual([expect.objectContaining({ method: 'POST', target: '/pay/orderquery' })]);
});

describe('uploads', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it.each(['promise', 'sync'])('a file or buffer upload (a parts body) is rebuilt and sent to the backup when the primary refuses (%s)', async (kind) => {
    await backup.script();
    const media = new MediaUtil(png, { filename: 'a.png' });
    const instance = client({ base_uri: refusedBase, backup_base_uri: backup.baseUri });
    const options = { body: media.getStream(), headers: { 'Content-Type': media.getContentType() } };
    const upload = instance.v3.merchant.media.upload;
    const response = kind === 'sync' ? upload.post(options) : await upload.postAsync(options);
    expect(served(response)).toBe('backup');
    const sent = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      media.getStream().on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
    expect(await backup.arrivals()).toEqual([
      expect.objectContaining({ method: 'POST', target: '/v3/merchant/media/upload', sha256: createHash('sha256').update(sent).digest('hex') }),
    ]);
  });

  it('a one-shot stream upload is never sent twice: no failover', async () => {
    await backup.script();
    const media = new MediaUtil(Readable.from([png]), { filename: 'a.png', sha256: createHash('sha256').update(png).digest('hex') });
    const instance = client({ base_uri: refusedBase, backup_base_uri: backup.baseUri });
    const error = await failure(instance.v3.merchant.media.upload.postAsync({ body: media.getStream(), headers: { 'Content-Type': media.getContentType() } }));
    expect(error).toBeInstanceOf(ConnectException);
    expect(error.attempts).toHaveLength(1);
    expect(await backup.arrivals()).toEqual([]);
  });
});
