/**
 * Issue #14 "Guzzle options mean what they mean in Guzzle": each case is the wechatpay-php line (in the
 * test name) beside its TypeScript port, over real HTTP to servers that check signatures and record what
 * arrived. Timeouts are seconds; per-request options work under both verb kinds; a mock handler given to
 * Builder.factory answers instead of the network; unknown keys are refused by name, nothing sent.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Builder,
  ConnectException,
  Formatter,
  HandlerStack,
  InvalidArgumentException,
  RequestException,
  Response,
  Rsa,
  Transformer,
  TransferException,
  type TransferStats,
} from '../../lib';
import { startFaultServer, type FaultServer } from '../helpers/faults-server';
import { platformSigning } from '../helpers/faults-keys';
import { tempDir } from '../helpers/files-fixtures';
import { startV2Server, type V2Server } from '../helpers/v2-server';
import { withV3Server } from '../helpers/v3-server';

const v3 = withV3Server();
const temp = tempDir('wechatpay-guzzle-');
afterAll(() => temp.remove());
afterEach(() => v3.server.requests());

const node = () => v3.instance.v3.x._id_;
async function failure(run: () => unknown): Promise<Error & { code?: string }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

describe('timeouts are seconds, fractions allowed', () => {
  it.each([
    ['promise', (options: object) => node().getAsync({ id: 'T', ...options })],
    ['sync', async (options: object) => node().get({ id: 'T', ...options })],
  ])("$instance->v3->x->_id_->get(['timeout' => 0.5]) gives up after half a second (%s)", async (_, call) => {
    await v3.server.scenario({ name: 'never' });
    const [error, elapsed] = await timed(() => failure(() => call({ timeout: 0.5 })));
    expect(error).toBeInstanceOf(ConnectException);
    // On a loaded machine the sync bridge's backstop (timeout + grace) may speak first; either way it waited.
    expect(error.code).toMatch(/^ERR_WECHATPAY_(TIMEOUT|SYNC_BACKSTOP)$/);
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(10_000);
    await v3.server.scenario({ name: 'ok' });
  });

  it("Builder::factory([… 'timeout' => 0.5]): the client config is in seconds too", async () => {
    await v3.server.scenario({ name: 'never' });
    const client = Builder.factory({ ...v3.server.config, timeout: 0.5 });
    const [error, elapsed] = await timed(() => failure(() => client.v3.x._id_.getAsync({ id: 'T' })));
    expect(error.code).toBe('ERR_WECHATPAY_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(480);
    await v3.server.scenario({ name: 'ok' });
  });

  it("$instance->v3->x->_id_->get(['read_timeout' => 0.5, 'timeout' => 30]): a silent server ends at the read limit", async () => {
    await v3.server.scenario({ name: 'never' });
    const [error, elapsed] = await timed(() => failure(() => node().getAsync({ id: 'T', read_timeout: 0.5, timeout: 30 })));
    expect(error).toBeInstanceOf(ConnectException);
    expect(error.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(elapsed).toBeLessThan(10_000);
    await v3.server.scenario({ name: 'ok' });
  });

  it("$instance->v3->x->_id_->get(['connect_timeout' => 2.5]) connects through a pool with that limit", async () => {
    expect((await node().getAsync({ id: 'T', connect_timeout: 2.5 })).status).toBe(200);
    expect(node().get({ id: 'T', connect_timeout: 2.5 }).status).toBe(200);
  });
});

describe("'http_errors' => false", () => {
  it('a 4xx is returned as a Response, still verified (signed: passes; unsigned: refused as forged)', async () => {
    await v3.server.scenario({ name: 'error', status: 404, signed: true, once: true });
    const response = await node().getAsync({ id: 'T', http_errors: false });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ORDER_NOT_EXIST' });
    await v3.server.scenario({ name: 'error', status: 500, signed: true, once: true });
    expect(node().get({ id: 'T', http_errors: false }).status).toBe(500);
    await v3.server.scenario({ name: 'error', status: 404, once: true });
    const error = await failure(() => node().getAsync({ id: 'T', http_errors: false }));
    expect(error).toBeInstanceOf(RequestException);
    expect(error.code).toBe('ERR_WECHATPAY_HEADERS_INCOMPLETE');
  });
});

describe("'allow_redirects'", () => {
  it("$instance->v3->x->_id_->get(['allow_redirects' => true]) follows a same-origin redirect, each hop signed", async () => {
    await v3.server.scenario({ name: 'redirect', location: '/v3/moved/here?a=1', once: true });
    const response = await node().getAsync({ id: 'T', allow_redirects: true });
    expect(response.json()).toMatchObject({ target: '/v3/moved/here?a=1' });
    expect((await v3.server.requests()).map((r) => `${r.target} ${r.authorization}`)).toEqual(['/v3/x/T ok', '/v3/moved/here?a=1 ok']);
    await v3.server.scenario({ name: 'redirect', status: 303, location: '/v3/seen', once: true });
    expect(node().post({ id: 'T', json: { a: 1 }, allow_redirects: { max: 1 } }).json()).toMatchObject({ method: 'GET', target: '/v3/seen' });
  });

  it('is off by default, as WeChat Pay never redirects: the 3xx is verified, and an unsigned one refused', async () => {
    await v3.server.scenario({ name: 'redirect', location: '/v3/moved', once: true });
    expect((await failure(() => node().getAsync({ id: 'T' }))).code).toBe('ERR_WECHATPAY_HEADERS_INCOMPLETE');
    expect(await v3.server.requests()).toHaveLength(1);
  });

  it('never follows to another origin (it would be handed a signature), and stops at max', async () => {
    await v3.server.scenario({ name: 'redirect', location: 'http://127.0.0.1:1/v3/x', once: true });
    const error = await failure(() => node().getAsync({ id: 'T', allow_redirects: true }));
    expect(error).not.toBeInstanceOf(ConnectException);
    expect(error.code).toBe('ERR_WECHATPAY_HEADERS_INCOMPLETE');
    expect(await v3.server.requests()).toHaveLength(1);
    await v3.server.scenario({ name: 'redirect', location: '/v3/again' });
    const tooMany = await failure(() => node().getAsync({ id: 'T', allow_redirects: { max: 2 } }));
    await v3.server.scenario({ name: 'ok' });
    expect(tooMany.code).toBe('ERR_WECHATPAY_TOO_MANY_REDIRECTS');
    expect((await v3.server.requests()).map((r) => r.target)).toEqual(['/v3/x/T', '/v3/again', '/v3/again']);
  });
});

describe("'delay', 'on_stats', 'version'", () => {
  it("$instance->v3->x->_id_->get(['delay' => 300]) waits 300 ms (Guzzle's delay is milliseconds) before sending", async () => {
    const [, elapsed] = await timed(() => node().getAsync({ id: 'T', delay: 300 }));
    expect(elapsed).toBeGreaterThanOrEqual(295);
    const started = performance.now();
    node().get({ id: 'T', delay: 300 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it("$instance->v3->x->_id_->get(['on_stats' => function (TransferStats $stats) {…}])", async () => {
    const seen: TransferStats[] = [];
    await node().getAsync({ id: 'T', on_stats: (stats) => seen.push(stats) });
    node().get({ id: 'T', on_stats: (stats) => seen.push(stats) });
    for (const stats of seen) {
      expect(stats.hasResponse()).toBe(true);
      expect(stats.getResponse()!.getStatusCode()).toBe(200);
      expect(stats.getEffectiveUri().href).toBe(`${v3.server.baseUri}v3/x/T`);
      expect(stats.getTransferTime()).toBeGreaterThan(0);
      expect(stats.getTransferTime()).toBeLessThan(30);
    }
    const refused = Builder.factory({ ...v3.server.config, base_uri: 'http://127.0.0.1:1/' });
    const failed: TransferStats[] = [];
    await failure(() => refused.v3.x._id_.getAsync({ id: 'T', on_stats: (stats) => failed.push(stats), retry: false }));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.hasResponse()).toBe(false);
    expect(failed[0]!.getHandlerErrorData()).toBeInstanceOf(ConnectException);
  });

  it("'version' => '2.0' is accepted (HTTP/2 is offered where TLS negotiates it), '1.0' refused, nothing sent", async () => {
    expect((await node().getAsync({ id: 'T', version: '2.0' })).status).toBe(200);
    expect(node().get({ id: 'T', version: '1.1' }).status).toBe(200);
    await v3.server.requests();
    await expect(node().getAsync({ id: 'T', version: '1.0' })).rejects.toThrow(/`version` must be '1.1' or '2.0'/);
    expect(await v3.server.requests()).toEqual([]);
  });
});

describe("'proxy'", () => {
  let proxy: FaultServer;
  beforeAll(async () => {
    proxy = await startFaultServer('proxy', platformSigning());
  });
  afterAll(() => proxy.close());

  it("$instance->v3->x->_id_->get(['proxy' => 'http://proxy:3128']): this request only goes through the proxy", async () => {
    await proxy.script();
    expect((await node().getAsync({ id: 'T', proxy: proxy.origin })).status).toBe(200);
    expect(node().get({ id: 'T', proxy: { http: proxy.origin } }).status).toBe(200);
    expect((await proxy.arrivals()).map((a) => a.method)).toEqual(['CONNECT', 'CONNECT']);
    await node().getAsync({ id: 'T' });
    expect(await proxy.arrivals()).toEqual([]);
  });
});

describe("'handler'", () => {
  it("$stack = clone $instance->getDriver()->select()->getConfig('handler'); $stack->remove('verifier'); ->get(['handler' => $stack])", async () => {
    const stack = v3.instance.getDriver().select().handler.clone();
    stack.remove('verifier');
    await v3.server.scenario({ name: 'unsigned-file', once: true });
    expect((await node().getAsync({ id: 'T', handler: stack })).status).toBe(200);
    await v3.server.scenario({ name: 'unsigned-file', once: true });
    await expect(node().getAsync({ id: 'T' })).rejects.toThrow(RequestException);
    // The per-request stack still signs: the server accepted the signature.
    expect((await v3.server.requests()).map((r) => r.authorization)).toEqual(['ok', 'ok']);
  });

  it("Builder::factory([…, 'handler' => HandlerStack::create($mock)]): the mock answers, our stack signs and verifies, nothing is sent", async () => {
    const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const serial = 'PUB_KEY_ID_0114232134912410000000000000MOCK';
    const seen: string[] = [];
    const mock = (request: { method: string; getRequestTarget(): string; getHeaderLine(name: string): string }) => {
      seen.push(`${request.method} ${request.getRequestTarget()} ${request.getHeaderLine('Authorization').slice(0, 25)}`);
      const body = JSON.stringify({ auth_state: 'AUTHORIZED' });
      const [timestamp, nonce] = [Formatter.timestamp(), Formatter.nonce()];
      const signature = Rsa.sign(Formatter.response(timestamp, nonce, body), platform.privateKey);
      return new Response(200, { 'Wechatpay-Timestamp': String(timestamp), 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': serial }, body);
    };
    const mocked = Builder.factory({ ...v3.server.config, certs: { [serial]: platform.publicKey }, handler: HandlerStack.create(mock) });
    const answer = await mocked.v3.contracts._openid_.getAsync({ openid: 'o1' });
    expect(answer.json()).toEqual({ auth_state: 'AUTHORIZED' });
    expect(mocked.v3.contracts._openid_.get({ openid: 'o2' }).status).toBe(200);
    expect(seen).toEqual(['GET /v3/contracts/o1 WECHATPAY2-SHA256-RSA2048', 'GET /v3/contracts/o2 WECHATPAY2-SHA256-RSA2048']);
    expect(await v3.server.requests()).toEqual([]);
    // A mock answer that is not signed is still refused: the verifier runs over mocks too.
    const unsigned = Builder.factory({ ...v3.server.config, handler: HandlerStack.create(() => new Response(200, {}, '{}')) });
    await expect(unsigned.v3.x.getAsync()).rejects.toThrow(/Wechatpay-/);
  });
});

describe('unknown keys are refused by name, nothing sent', () => {
  it.each(['auth', 'cookies', 'form_params', 'multipart', 'stream', 'synchronous', 'decode_content', 'on_headers', 'progress', 'expect', 'force_ip_resolve', 'idn_conversion', 'crypto_method'])(
    "->get(['%s' => …]) is refused, naming it and what to do instead",
    async (option) => {
      await expect(node().getAsync({ id: 'T', [option]: true })).rejects.toThrow(new RegExp(`The Guzzle option \`${option}\` is not supported: \\w+`));
      expect(() => node().get({ id: 'T', [option]: true })).toThrow(InvalidArgumentException);
      expect(await v3.server.requests()).toEqual([]);
    },
  );

  it('a misspelt configuration key is an InvalidArgumentException naming it, never dropped', () => {
    expect(() => Builder.factory({ ...v3.server.config, timout: 5 } as never)).toThrow(/Unknown configuration key `timout`/);
    expect(() => Builder.factory({ ...v3.server.config, http_errors: false } as never)).toThrow(/`http_errors` is a per-request option here/);
  });

  it('every existing configuration key still works', async () => {
    const client = Builder.factory({
      ...v3.server.config,
      backup_base_uri: false,
      retry: { retries: 1 },
      headers: { 'X-Extra': '1' },
      timeout: 10,
      connect_timeout: 5,
      read_timeout: 10,
      headers_timeout: 10,
      proxy: false,
      debug: () => undefined,
      ca: [],
      handler: HandlerStack.create(),
    });
    expect((await client.v3.x._id_.getAsync({ id: 'T' })).status).toBe(200);
  });
});

describe('APIv2 mutual TLS per request, and verify', () => {
  let v2: V2Server;
  let files: { cert: string; key: string; ca: string };
  const refund = { appid: 'wx2421b1c4370ec43b', mch_id: '1900000109', transaction_id: '4200000000000000000000000001', out_trade_no: 'T1', out_refund_no: 'R1', total_fee: 100, refund_fee: 100 };
  beforeAll(async () => {
    v2 = await startV2Server();
    files = { cert: join(temp.dir, 'apiclient_cert.pem'), key: join(temp.dir, 'apiclient_key.pem'), ca: join(temp.dir, 'ca.pem') };
    writeFileSync(files.cert, v2.certs.client.cert);
    writeFileSync(files.key, v2.certs.client.key);
    writeFileSync(files.ca, v2.certs.ca.cert);
  });
  afterAll(() => v2.close());

  it("->v2->secapi->pay->refund->post(['xml' => $x, 'security' => true, 'cert' => $certFile, 'ssl_key' => $keyFile, 'verify' => $caFile])", async () => {
    // No `merchant` and no `ca` in the config: the request's options carry both.
    const client = Builder.factory(v2.config({ base_uri: v2.httpsUri, ca: undefined }));
    const options = { xml: refund, security: true, cert: files.cert, ssl_key: files.key, verify: files.ca };
    expect(Transformer.toArray(String((await client.v2.secapi.pay.refund.postAsync(options)).getBody())).return_code).toBe('SUCCESS');
    expect(Transformer.toArray(String(client.v2.secapi.pay.refund.post(options).getBody())).return_code).toBe('SUCCESS');
    expect((await v2.requests()).map((r) => [r.secure, r.clientName])).toEqual([[true, v2.mchid], [true, v2.mchid]]);

    // The server's certificate is checked unless told otherwise.
    const { verify: _, ...unverified } = options;
    await expect(client.v2.secapi.pay.refund.postAsync(unverified)).rejects.toBeInstanceOf(TransferException);
    expect(client.v2.secapi.pay.refund.post({ ...unverified, verify: false }).getStatusCode()).toBe(200);
    expect(await v2.requests()).toHaveLength(1);
  });
});
