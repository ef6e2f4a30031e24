/**
 * The console's security model over real HTTP: a non-loopback Host (DNS rebinding) is refused, a
 * state-changing request from another origin is refused for hooks and console actions alike, console
 * actions need this run's token, hooks without an Origin keep working, and a refusal changes nothing.
 */
import { request } from 'undici';
import { Sandbox } from '../../../lib/sandbox';
import { sandboxKeys } from '../../helpers/sandbox-keys';
import { send } from '../../helpers/sandbox-wire';

describe('the console guard', () => {
  let sandbox: Sandbox;
  let token: string;
  let origin: string;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread: 'main' });
    origin = sandbox.baseUri.slice(0, -1);
    const page = await (await request(sandbox.consoleUrl)).body.text();
    token = /name="sandbox-console-token" content="([^"]+)"/.exec(page)![1]!;
  });
  afterAll(() => sandbox?.stop());

  async function placeOrder(): Promise<string> {
    const outTradeNo = `G${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const placed = await send(sandbox.clientConfig(), 'POST', '/v3/pay/transactions/native', {
      json: { appid: 'wxd678efh567h23787', mchid: sandbox.mchid, description: 'guard', out_trade_no: outTradeNo, notify_url: 'https://example.com/n', amount: { total: 1 } },
    });
    expect(placed.status).toBe(200);
    return outTradeNo;
  }

  async function tradeState(outTradeNo: string): Promise<string> {
    return (await send(sandbox.clientConfig(), 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${sandbox.mchid}`)).json.trade_state;
  }

  const call = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    request(`${origin}${path}`, { method: (options.method ?? 'GET') as 'GET', headers: options.headers ?? {}, body: options.body });

  it('serves the page with its token, a strict CSP and no framing', async () => {
    const page = await call('/sandbox/console');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(await page.body.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it.each(['/sandbox/console', '/sandbox', '/sandbox/notifications'])('refuses %s under a non-loopback Host (DNS rebinding)', async (path) => {
    const refused = await call(path, { headers: { host: `attacker.example:${new URL(origin).port}` } });
    expect(refused.statusCode).toBe(403);
    expect((await refused.body.json()) as object).toMatchObject({ message: expect.stringContaining('is not a loopback name') });
  });

  it('accepts localhost and [::1]-style names', async () => {
    expect((await call('/sandbox', { headers: { host: `localhost:${new URL(origin).port}` } })).statusCode).toBe(200);
  });

  it('refuses a hook from another origin and changes nothing; the same hook without Origin works', async () => {
    const outTradeNo = await placeOrder();
    const foreign = await call(`/sandbox/orders/${outTradeNo}/pay`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(foreign.statusCode).toBe(403);
    expect(await tradeState(outTradeNo)).toBe('NOTPAY');

    const crossSite = await call(`/sandbox/orders/${outTradeNo}/pay`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect(await tradeState(outTradeNo)).toBe('NOTPAY');

    const programmatic = await call(`/sandbox/orders/${outTradeNo}/pay`, { method: 'POST' });
    expect(programmatic.statusCode).toBe(200);
    expect(await tradeState(outTradeNo)).toBe('SUCCESS');
  });

  it('refuses a console action without the token, with a wrong one, or from another origin; nothing changes', async () => {
    const outTradeNo = await placeOrder();
    const pay = (headers: Record<string, string>) =>
      call(`/sandbox/console/api/orders/${outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await pay({ origin })).statusCode).toBe(403);
    expect((await pay({ origin, 'x-sandbox-console-token': `${token}x` })).statusCode).toBe(403);
    expect((await pay({ origin: 'http://localhost:1', 'x-sandbox-console-token': token })).statusCode).toBe(403);
    expect(await tradeState(outTradeNo)).toBe('NOTPAY');
    const rotate = await call('/sandbox/console/api/certificates/rotate', { method: 'POST', headers: { origin: 'https://evil.example', 'x-sandbox-console-token': token } });
    expect(rotate.statusCode).toBe(403);

    const allowed = await pay({ origin, 'x-sandbox-console-token': token });
    expect(allowed.statusCode).toBe(200);
    expect(await tradeState(outTradeNo)).toBe('SUCCESS');
  });

  it('needs the token to read the console API and the event stream too', async () => {
    expect((await call('/sandbox/console/api/exchanges')).statusCode).toBe(403);
    expect((await call('/sandbox/console/events')).statusCode).toBe(403);
    expect((await call('/sandbox/console/api/exchanges', { headers: { 'x-sandbox-console-token': token } })).statusCode).toBe(200);
  });

  it('masks signatures in the exchanges it shows and offers no private key', async () => {
    await send(sandbox.clientConfig(), 'GET', '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE');
    const headers = { 'x-sandbox-console-token': token };
    const list = (await (await call('/sandbox/console/api/exchanges', { headers })).body.json()) as Array<{ id: number; path: string }>;
    const seed = list.reverse().find(({ path }) => path.startsWith('/v3/ecommerce/individual-contracts/'))!;
    const exchange = (await (await call(`/sandbox/console/api/exchanges/${seed.id}`, { headers })).body.json()) as any;
    expect(exchange.verdict).toBe('valid');
    expect(exchange.request.headers.authorization).toMatch(/signature="[A-Za-z0-9+/]{8}…\(344 chars, masked\)"$/);
    expect(exchange.response.headers['Wechatpay-Signature']).toMatch(/^.{8}…\(344 chars, masked\)$/);

    const keys = (await (await call('/sandbox/console/api/keys', { headers })).body.json()) as { files: string[] };
    for (const name of keys.files) {
      const text = await (await call(`/sandbox/console/api/downloads/${name}`, { headers })).body.text();
      expect(text).not.toContain('PRIVATE KEY');
    }
    expect((await call('/sandbox/console/api/downloads/apiclient_key.pem', { headers })).statusCode).toBe(404);
  });
});
