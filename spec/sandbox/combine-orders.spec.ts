/**
 * Combine orders (合单) end to end over HTTP: placed with the SDK, shown NOTPAY by the SDK's combine
 * query, paid as the user from the console (the chosen openid), after which every sub-order is SUCCESS
 * and the combine payment notification reaches a local merchant server that verifies and decrypts it
 * with the SDK; closed from the console or the API. Console actions without the token, or from another
 * origin, change nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { Builder, type BuilderChainable } from '../../lib';
import { Notification } from '../../lib/notify';
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { uniqueId } from '../helpers/sandbox-fields';
import { sandboxKeys } from '../helpers/sandbox-keys';

const APPID = SANDBOX_SEED.appid;
const PAYER = 'oCombinePayer_0123456789abcd';

interface Received {
  readonly eventType: string;
  readonly resource: Record<string, any>;
}

/** A merchant server that accepts a notification only once the SDK has verified and decrypted it. */
async function merchantServer(sandbox: Sandbox): Promise<{ url: string; received: Received[]; server: Server; next: () => Promise<Received> }> {
  const received: Received[] = [];
  const waiting: Array<(value: Received) => void> = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      try {
        const parsed = Notification.parse(
          { headers: incoming.headers, body: Buffer.concat(chunks) },
          { certs: { [sandbox.platformSerial]: sandbox.platformPem }, apiv3Key: sandbox.apiv3Key },
        );
        const entry = { eventType: parsed.event.event_type, resource: parsed.resource as Record<string, any> };
        received.push(entry);
        waiting.shift()?.(entry);
        response.writeHead(204).end();
      } catch (error) {
        response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const next = () => new Promise<Received>((resolve) => waiting.push(resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechatpay/combine-notify`, received, server, next };
}

describe('combine orders', () => {
  let sandbox: Sandbox;
  let instance: BuilderChainable;
  let merchant: Awaited<ReturnType<typeof merchantServer>>;
  let token: string;
  let origin: string;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), notifyTimeScale: 0.001 });
    merchant = await merchantServer(sandbox);
    instance = Builder.factory(sandbox.clientConfig());
    origin = sandbox.baseUri.slice(0, -1);
    const page = await (await request(sandbox.consoleUrl)).body.text();
    token = /name="sandbox-console-token" content="([^"]+)"/.exec(page)![1]!;
  }, 60_000);
  afterAll(async () => {
    await instance?.getDriver().close();
    merchant?.server.close();
    await sandbox?.stop();
  });

  /** An app combine order (no payer named) of an ordinary sub-order and an individual payee's one. */
  async function placeCombine(): Promise<{ combineNo: string; subNos: string[]; prepayId: string }> {
    const combineNo = uniqueId('CO');
    const subNos = [uniqueId('SA'), uniqueId('SB')];
    const placed = await instance.v3.combineTransactions.app.postAsync({
      json: {
        combine_appid: APPID,
        combine_mchid: sandbox.mchid,
        combine_out_trade_no: combineNo,
        scene_info: { payer_client_ip: '127.0.0.1', device_id: 'POS1:1' },
        sub_orders: [
          { mchid: sandbox.mchid, attach: 'shop', amount: { total_amount: 1200, currency: 'CNY' }, out_trade_no: subNos[0]!, description: '文具-笔记本' },
          {
            mchid: sandbox.mchid,
            attach: 'payee',
            amount: { total_amount: 300, currency: 'CNY' },
            out_trade_no: subNos[1]!,
            description: '二手书',
            order_service_type: 'INDIVIDUALTRADE',
            individual_auth_id: SANDBOX_SEED.authorizedIndividualAuthId,
          },
        ],
        notify_url: merchant.url,
      },
    });
    return { combineNo, subNos, prepayId: placed.json<{ prepay_id: string }>().prepay_id };
  }

  const query = async (combineNo: string) =>
    (await instance.v3.combineTransactions.outTradeNo._combine_out_trade_no_.getAsync({ combine_out_trade_no: combineNo })).json<Record<string, any>>();

  const consoleAction = async (path: string, body: unknown, headers: Record<string, string> = { origin, 'x-sandbox-console-token': token }) => {
    const response = await request(`${origin}/sandbox/console/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, any> };
  };

  it('is NOTPAY until the user pays it from the console; then every sub-order is SUCCESS and the notification is verified and decrypted', async () => {
    const { combineNo, subNos } = await placeCombine();
    const before = await query(combineNo);
    expect(before).toMatchObject({ combine_appid: APPID, combine_mchid: sandbox.mchid, combine_out_trade_no: combineNo, scene_info: { device_id: 'POS1:1' } });
    expect(before.sub_orders.map((sub: { trade_state: string }) => sub.trade_state)).toEqual(['NOTPAY', 'NOTPAY']);
    expect(before.sub_orders[0]).not.toHaveProperty('transaction_id');
    expect(before).not.toHaveProperty('combine_payer_info');

    const notified = merchant.next();
    const paid = await consoleAction(`/combine-orders/${combineNo}/pay`, { openid: PAYER });
    expect(paid.status).toBe(200);

    const after = await query(combineNo);
    expect(after.combine_payer_info).toEqual({ openid: PAYER });
    expect(after.combine_transaction_id).toMatch(/^42000\d{23}$/);
    expect(after.sub_orders).toEqual([
      expect.objectContaining({ out_trade_no: subNos[0], trade_state: 'SUCCESS', trade_type: 'APP', attach: 'shop', transaction_id: expect.stringMatching(/^42000/), amount: { total_amount: 1200, payer_amount: 1200, currency: 'CNY', payer_currency: 'CNY' } }),
      expect.objectContaining({ out_trade_no: subNos[1], trade_state: 'SUCCESS', individual_auth_id: SANDBOX_SEED.authorizedIndividualAuthId, success_time: expect.stringMatching(/\+08:00$/) }),
    ]);
    expect(after.sub_orders[0].transaction_id).not.toBe(after.sub_orders[1].transaction_id);

    // The combine payment notification: the real shape, verified with the platform key and decrypted with the APIv3 key.
    const notification = await notified;
    expect(notification.eventType).toBe('TRANSACTION.SUCCESS');
    expect(notification.resource).toEqual(after);
    expect(notification.resource).toMatchObject({ combine_out_trade_no: combineNo, combine_payer_info: { openid: PAYER } });

    // Paid once: a second payment and a close are refused, the states stay.
    expect((await consoleAction(`/combine-orders/${combineNo}/pay`, {})).status).toBe(409);
    expect((await consoleAction(`/combine-orders/${combineNo}/close`, {})).status).toBe(409);
    await expect(
      instance.v3.combineTransactions.outTradeNo._combine_out_trade_no_.close.postAsync({
        combine_out_trade_no: combineNo,
        json: { combine_appid: APPID, sub_orders: subNos.map((no) => ({ mchid: sandbox.mchid, out_trade_no: no })) },
      }),
    ).rejects.toThrow(/403 Forbidden[\s\S]*ORDERPAID/);
    expect((await query(combineNo)).sub_orders.map((sub: { trade_state: string }) => sub.trade_state)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it('changes nothing for a pay or close action without the token, with a wrong one, or from another origin', async () => {
    const { combineNo } = await placeCombine();
    for (const verb of ['pay', 'close']) {
      expect((await consoleAction(`/combine-orders/${combineNo}/${verb}`, {}, { origin })).status).toBe(403);
      expect((await consoleAction(`/combine-orders/${combineNo}/${verb}`, {}, { origin, 'x-sandbox-console-token': `${token}x` })).status).toBe(403);
      expect((await consoleAction(`/combine-orders/${combineNo}/${verb}`, {}, { origin: 'https://evil.example', 'x-sandbox-console-token': token })).status).toBe(403);
    }
    const hook = await request(`${origin}/sandbox/combine-orders/${combineNo}/pay`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' });
    expect(hook.statusCode).toBe(403);
    await hook.body.dump();
    const unchanged = await query(combineNo);
    expect(unchanged.sub_orders.map((sub: { trade_state: string }) => sub.trade_state)).toEqual(['NOTPAY', 'NOTPAY']);
    expect(unchanged).not.toHaveProperty('combine_payer_info');
  });

  it('closes from the console: the combine order and every sub-order CLOSED, and no payment afterwards', async () => {
    const { combineNo } = await placeCombine();
    const closed = await consoleAction(`/combine-orders/${combineNo}/close`, {});
    expect(closed).toEqual({ status: 200, json: { trade_state: 'CLOSED' } });
    expect((await query(combineNo)).sub_orders.map((sub: { trade_state: string }) => sub.trade_state)).toEqual(['CLOSED', 'CLOSED']);
    const refused = await consoleAction(`/combine-orders/${combineNo}/pay`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.message).toContain('CLOSED, not NOTPAY');
  });

  it('closes through the API (合单关单), checking the appid and the sub-orders named', async () => {
    const { combineNo, subNos } = await placeCombine();
    const close = (json: unknown) => instance.v3.combineTransactions.outTradeNo._combine_out_trade_no_.close.postAsync({ combine_out_trade_no: combineNo, json: json as never });
    await expect(close({ combine_appid: APPID, sub_orders: [{ mchid: sandbox.mchid, out_trade_no: 'NOT_A_SUB_ORDER' }] })).rejects.toThrow(
      /400 Bad Request[\s\S]*PARAM_ERROR[\s\S]*sub_orders\/0\/out_trade_no/,
    );
    await expect(close({ combine_appid: 'wx0000000000000000', sub_orders: [{ mchid: sandbox.mchid, out_trade_no: subNos[0] }] })).rejects.toThrow(/400 Bad Request[\s\S]*combine_appid/);
    expect((await query(combineNo)).sub_orders[0].trade_state).toBe('NOTPAY');

    const done = await close({ combine_appid: APPID, sub_orders: subNos.map((no) => ({ mchid: sandbox.mchid, out_trade_no: no })) });
    expect(done.status).toBe(204);
    expect((await query(combineNo)).sub_orders.map((sub: { trade_state: string }) => sub.trade_state)).toEqual(['CLOSED', 'CLOSED']);
  });

  it('is paid by the HTTP hook and by sandbox.markCombinePaid; a mini-program order keeps the payer it named', async () => {
    const { combineNo } = await placeCombine();
    const notified = merchant.next();
    const hook = await request(`${origin}/sandbox/combine-orders/${combineNo}/pay`, { method: 'POST', body: JSON.stringify({ openid: PAYER }) });
    expect(hook.statusCode).toBe(200);
    expect(((await hook.body.json()) as Record<string, any>).sub_orders[0].trade_state).toBe('SUCCESS');
    expect((await notified).resource.combine_out_trade_no).toBe(combineNo);

    const miniNo = uniqueId('CM');
    await instance.v3.combineTransactions.miniprogram.postAsync({
      json: {
        combine_appid: APPID,
        combine_mchid: sandbox.mchid,
        combine_out_trade_no: miniNo,
        combine_payer_info: { openid: SANDBOX_SEED.authorizedOpenid },
        sub_orders: [{ mchid: sandbox.mchid, attach: 'a', amount: { total_amount: 100, currency: 'CNY' }, out_trade_no: uniqueId('SM'), description: '小程序子单' }],
        notify_url: merchant.url,
      },
    });
    const view = sandbox.markCombinePaid(miniNo, { openid: PAYER });
    expect(view).toMatchObject({ combine_payer_info: { openid: SANDBOX_SEED.authorizedOpenid }, sub_orders: [{ trade_state: 'SUCCESS', trade_type: 'JSAPI' }] });
    expect(() => sandbox.markCombinePaid(miniNo)).toThrow('is SUCCESS, not NOTPAY');
    expect(() => sandbox.markCombinePaid('NO_SUCH_COMBINE')).toThrow('No combine order');
  });
});
