/**
 * Goal 3's other ruler: the CPU one promise-verb request costs in the client's own code path, with the two
 * costs that are not ours taken out. RSA is stubbed (node:crypto's `sign` and `verify` answer at once; the
 * signature on the wire is a fixed one) and the network is an in-process dispatcher answering a pre-made
 * reply, so what is left is our JavaScript and the Node built-ins it calls (URL, Buffer, timers, promises).
 * C=32, the built package, process CPU time per request; medians of ROUNDS runs.
 *
 *   npx tsx bench/js-path.ts            ROUNDS=5, SECONDS_PER_ROUND=3 by default
 */
import crypto from 'node:crypto';
import { loadBuilt } from './helpers/built';
import { MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, SEED } from './helpers/seed';
import { fmt, median, NOTE, spread } from './helpers/stats';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS_PER_ROUND ?? 3);
const CONCURRENCY = 32;

const SIGNATURE = Buffer.alloc(256, 7);
type Callback<T> = (error: Error | null, value: T) => void;
// The RSA stubs: the bundle reads `sign`/`verify` from node:crypto at each call, so these are what it calls.
Object.assign(crypto, {
  sign: (_a: unknown, _d: unknown, _k: unknown, done?: Callback<Buffer>) => (done ? void queueMicrotask(() => done(null, SIGNATURE)) : SIGNATURE),
  verify: (_a: unknown, _d: unknown, _k: unknown, _s: unknown, done?: Callback<boolean>) => (done ? void queueMicrotask(() => done(null, true)) : true),
});

const pem = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/** A WeChat-Pay-shaped reply as undici hands it to a handler: raw header buffers, then the body. */
function reply(): { raw: Buffer[]; body: Buffer } {
  const body = Buffer.from(JSON.stringify({ individual_auth_id: MCHID, operation_time: '2018-06-08T10:34:56+08:00', auth_state: 'AUTHORIZED' }));
  const headers = [
    'Server', 'nginx', 'Date', new Date().toUTCString(), 'Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(body.length),
    'Connection', 'keep-alive', 'Request-ID', '08F4A0B6C7D8E9F0', 'Wechatpay-Nonce', 'c5ac7061fccab6bf3e254dcf98995b8c',
    'Wechatpay-Signature', SIGNATURE.toString('base64'), 'Wechatpay-Timestamp', String(Math.floor(Date.now() / 1000)), 'Wechatpay-Serial', PLATFORM_SERIAL,
    'Wechatpay-Signature-Type', 'WECHATPAY2-SHA256-RSA2048',
  ];
  return { raw: headers.map((text) => Buffer.from(text)), body };
}

interface CoreHandler {
  onConnect(abort: () => void): void;
  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[]): void;
}

/** Answers every request on the next turn of the event loop, as a socket read would. */
function inProcessDispatcher() {
  const { raw, body } = reply();
  return {
    dispatch(_options: unknown, handler: CoreHandler) {
      setImmediate(() => {
        handler.onConnect(() => undefined);
        handler.onHeaders(200, raw, () => undefined, 'OK');
        handler.onData(Buffer.from(body));
        handler.onComplete([]);
      });
      return true;
    },
    close: async () => undefined,
    destroy: async () => undefined,
  };
}

async function main() {
  const { Builder } = loadBuilt();
  const merchant = pem();
  const platform = pem();
  const config = { mchid: MCHID, serial: MERCHANT_SERIAL, privateKey: merchant.privateKey, certs: { [PLATFORM_SERIAL]: platform.publicKey }, base_uri: 'https://api.mch.weixin.qq.com/', dispatcher: inProcessDispatcher() };
  const node = Builder.factory(config as unknown as Parameters<typeof Builder.factory>[0]).v3.ecommerce.individualContracts._openid_;
  const run = async (ms: number): Promise<number> => {
    let done = 0;
    const end = performance.now() + ms;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (; performance.now() < end; done++) await node.getAsync(SEED);
    }));
    return done;
  };
  await run(1_500); // warm-up: compiled, pools and caches filled
  const perRequest: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const from = process.cpuUsage();
    const done = await run(SECONDS * 1_000);
    const used = process.cpuUsage(from);
    perRequest.push((used.user + used.system) / done);
  }
  console.log(`# The request path without RSA and without the network (C=${CONCURRENCY}, ${ROUNDS} rounds × ${SECONDS} s)`);
  console.log(NOTE);
  console.log(`Our code and the Node built-ins it calls: ${fmt(median(perRequest), 1)} µs of CPU per request (${spread(perRequest, 1)})`);
}

void main();
