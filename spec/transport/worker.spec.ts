/**
 * worker.cjs driven on this thread through a MessageChannel: the protocol and its counter, where coverage
 * can see them (code inside a worker thread is not instrumented).
 */
import { once } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { startTransportServer, type TransportServer } from '../helpers/transport-server';

const { serve } = require('../../lib/transport/worker.cjs') as { serve(port: MessagePort, cell: Int32Array, options?: { warmUp?: boolean }): void };

let server: TransportServer;
let caller: MessagePort;
let worker: MessagePort;
const cell = new Int32Array(new SharedArrayBuffer(8));

beforeAll(async () => {
  server = await startTransportServer();
  ({ port1: caller, port2: worker } = new MessageChannel());
  // No rehearsal on this thread: it belongs to the worker thread (spec/transport/warm-up.spec.ts tests it).
  serve(worker, cell, { warmUp: false });
});
afterAll(async () => {
  caller.postMessage({ type: 'drop-agent', agent: 1 });
  caller.close();
  await server.close();
});

async function answerTo(message: object): Promise<{ id: number; ok: boolean; response?: { status: number; body: Uint8Array }; error?: { code?: string; message: string } }> {
  const before = Atomics.load(cell, 0);
  caller.postMessage(message);
  const [answer] = await once(caller, 'message');
  expect(Atomics.load(cell, 0)).toBe(before + 1);
  return answer;
}

const request = (path: string): object => ({
  method: 'GET',
  url: `${server.origin}${path}`,
  headers: [],
  body: null,
  timeoutMs: 5000,
  maxResponseBytes: 1 << 20,
});

it('answers a request with the whole response and bumps the counter after posting', async () => {
  caller.postMessage({ type: 'agent', agent: 1, options: { keepAliveTimeoutMs: 1000 } });
  const answer = await answerTo({ type: 'request', id: 7, agent: 1, request: request('/bytes?n=4') });
  expect(answer).toMatchObject({ id: 7, ok: true, response: { status: 200 } });
  expect(Array.from(answer.response!.body)).toEqual([0, 1, 2, 3]);
});

it('answers a failed exchange with a plain wire error', async () => {
  const answer = await answerTo({ type: 'request', id: 8, agent: 1, request: { ...request('/bytes?n=4000'), maxResponseBytes: 10 } });
  expect(answer).toMatchObject({ id: 8, ok: false, error: { code: 'ERR_WECHATPAY_RESPONSE_TOO_LARGE' } });
});

it('answers a request for an agent it was never told about with an error, not silence', async () => {
  const answer = await answerTo({ type: 'request', id: 9, agent: 99, request: request('/bytes?n=1') });
  expect(answer).toMatchObject({ id: 9, ok: false, error: { code: 'ERR_WECHATPAY_SYNC_AGENT' } });
});

it('forgets a dropped agent', async () => {
  caller.postMessage({ type: 'agent', agent: 2, options: {} });
  expect(await answerTo({ type: 'request', id: 10, agent: 2, request: request('/bytes?n=1') })).toMatchObject({ ok: true });
  caller.postMessage({ type: 'drop-agent', agent: 2 });
  expect(await answerTo({ type: 'request', id: 11, agent: 2, request: request('/bytes?n=1') })).toMatchObject({ ok: false });
});
