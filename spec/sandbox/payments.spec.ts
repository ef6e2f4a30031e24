/** The payment core over real HTTP: prepay, query, close, the mark-paid hook, refunds, persistence. */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { createRefund, queryRefund } from '../../lib/endpoints/overrides/refunds';
import { queryByOutTradeNo } from '../../lib/endpoints/overrides/transactions';
import { checkFields } from '../../lib/sandbox/validation';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { uniqueId } from '../helpers/sandbox-fields';
import { send, verifyResponse, type WireConfig } from '../helpers/sandbox-wire';

describe('Sandbox payments', () => {
  let sandbox: Sandbox;
  let config: WireConfig;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), mode: 'cert' });
    config = sandbox.clientConfig();
  });
  afterAll(() => sandbox?.stop());

  const order = (extra: Record<string, unknown> = {}) => ({
    appid: SANDBOX_SEED.appid,
    mchid: config.mchid,
    description: 'Image形象店-深圳腾大-QQ公仔',
    out_trade_no: uniqueId('T'),
    notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
    amount: { total: 100, currency: 'CNY' },
    ...extra,
  });
  const prepay = (kind: string, json: unknown) => send(config, 'POST', `/v3/pay/transactions/${kind}`, { json });
  const byOutTradeNo = (outTradeNo: string, mchid = config.mchid) =>
    send(config, 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${mchid}`);

  it.each([
    ['jsapi', { payer: { openid: SANDBOX_SEED.authorizedOpenid } }, { prepay_id: expect.stringMatching(/^wx/) }],
    ['app', {}, { prepay_id: expect.stringMatching(/^wx/) }],
    ['native', {}, { code_url: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=/) }],
    ['h5', { scene_info: { payer_client_ip: '14.23.150.211', h5_info: { type: 'Wap' } } }, { h5_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/console\/cashier\?prepay_id=wx\w+&package=\d+$/) }],
  ])('POST /v3/pay/transactions/%s answers its prepay field, signed', async (kind, extra, expected) => {
    const exchange = await prepay(kind, order(extra));
    expect(exchange.status).toBe(200);
    expect(exchange.json).toEqual(expected);
    expect(verifyResponse(config, exchange)).toBe(true);
  });

  it('lets an order be queried, paid, queried by transaction_id, refunded, and not closed once paid', async () => {
    const json = order({ payer: { openid: SANDBOX_SEED.authorizedOpenid }, attach: 'bag' });
    const first = await prepay('jsapi', json);
    expect((await prepay('jsapi', json)).json).toEqual(first.json); // an identical retry

    const unpaid = await byOutTradeNo(json.out_trade_no);
    expect(unpaid.json).toEqual({
      appid: json.appid,
      mchid: json.mchid,
      out_trade_no: json.out_trade_no,
      trade_state: 'NOTPAY',
      trade_state_desc: '订单未支付',
      attach: 'bag',
      amount: { total: 100, currency: 'CNY' },
    });

    const paid = sandbox.markPaid(json.out_trade_no);
    expect(paid).toMatchObject({ trade_state: 'SUCCESS', transaction_id: expect.stringMatching(/^42000\d{23}$/) });
    const query = await byOutTradeNo(json.out_trade_no);
    expect(query.json).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'JSAPI', payer: { openid: SANDBOX_SEED.authorizedOpenid } });
    checkFields(queryByOutTradeNo.response.body, query.json, { location: 'body' });
    const byId = await send(config, 'GET', `/v3/pay/transactions/id/${paid.transaction_id}?mchid=${config.mchid}`);
    expect(byId.json).toEqual(query.json);

    expect((await prepay('jsapi', json)).json.code).toBe('ORDERPAID');
    const close = await send(config, 'POST', `/v3/pay/transactions/out-trade-no/${json.out_trade_no}/close`, { json: { mchid: config.mchid } });
    expect(close.status).toBe(403);
    expect(close.json.code).toBe('ORDERPAID');

    const refundJson = { out_trade_no: json.out_trade_no, out_refund_no: uniqueId('R'), reason: '商品已售完', amount: { refund: 60, total: 100, currency: 'CNY' } };
    const refund = await send(config, 'POST', '/v3/refund/domestic/refunds', { json: refundJson });
    expect(refund.status).toBe(200);
    expect(refund.json).toMatchObject({ status: 'PROCESSING', out_trade_no: json.out_trade_no, transaction_id: paid.transaction_id, amount: { refund: 60, total: 100 } });
    checkFields(createRefund.response.body, refund.json, { location: 'body' });
    expect(verifyResponse(config, refund)).toBe(true);

    const refundQuery = await send(config, 'GET', `/v3/refund/domestic/refunds/${refundJson.out_refund_no}`);
    expect(refundQuery.json).toMatchObject({ status: 'SUCCESS', refund_id: refund.json.refund_id, success_time: expect.any(String) });
    checkFields(queryRefund.response.body, refundQuery.json, { location: 'body' });
    expect((await byOutTradeNo(json.out_trade_no)).json.trade_state).toBe('REFUND');

    const tooMuch = await send(config, 'POST', '/v3/refund/domestic/refunds', {
      json: { transaction_id: paid.transaction_id, out_refund_no: uniqueId('R'), amount: { refund: 41, total: 100, currency: 'CNY' } },
    });
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.json.code).toBe('NOTENOUGH');
  });

  it('closes an unpaid order with a signed 204 over the empty body', async () => {
    const json = order();
    await prepay('native', json);
    const close = await send(config, 'POST', `/v3/pay/transactions/out-trade-no/${json.out_trade_no}/close`, { json: { mchid: config.mchid } });
    expect(close.status).toBe(204);
    expect(close.body.length).toBe(0);
    expect(verifyResponse(config, close)).toBe(true);
    expect((await byOutTradeNo(json.out_trade_no)).json.trade_state).toBe('CLOSED');
    expect((await prepay('native', json)).json.code).toBe('ORDER_CLOSED');
  });

  it('answers 403 OUT_TRADE_NO_USED when an order number comes back with other parameters', async () => {
    const json = order();
    await prepay('app', json);
    const reused = await prepay('app', { ...json, amount: { total: 200, currency: 'CNY' } });
    expect(reused.status).toBe(403);
    expect(reused.json.code).toBe('OUT_TRADE_NO_USED');
  });

  it('marks an order paid through POST /sandbox/orders/{out_trade_no}/pay', async () => {
    const json = order();
    await prepay('native', json);
    const hook = await fetch(new URL(`sandbox/orders/${json.out_trade_no}/pay`, config.base_uri), {
      method: 'POST',
      body: JSON.stringify({ openid: 'oHookPayerHookPayerHookPayer1' }),
    });
    expect(hook.status).toBe(200);
    expect((await byOutTradeNo(json.out_trade_no)).json).toMatchObject({ trade_state: 'SUCCESS', payer: { openid: 'oHookPayerHookPayerHookPayer1' } });
    const again = await fetch(new URL(`sandbox/orders/${json.out_trade_no}/pay`, config.base_uri), { method: 'POST' });
    expect(again.status).toBe(400);
  });

  describe('errors', () => {
    it('answers 404 ORDER_NOT_EXIST for unknown orders and RESOURCE_NOT_EXISTS for refunds of them', async () => {
      const missing = await byOutTradeNo('NO_SUCH_ORDER_1');
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      expect((await send(config, 'GET', `/v3/pay/transactions/id/4200000000000000000000000000?mchid=${config.mchid}`)).status).toBe(404);
      const refund = await send(config, 'POST', '/v3/refund/domestic/refunds', {
        json: { out_trade_no: 'NO_SUCH_ORDER_1', out_refund_no: uniqueId('R'), amount: { refund: 1, total: 1, currency: 'CNY' } },
      });
      expect(refund.status).toBe(404);
      expect(refund.json).toEqual({ code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
      expect((await send(config, 'GET', '/v3/refund/domestic/refunds/NO_SUCH_REFUND')).json.code).toBe('RESOURCE_NOT_EXISTS');
    });

    it.each([
      ['a missing required field', (o: Record<string, unknown>) => delete o.description, { field: '/description', value: '' }],
      ['a missing nested field', (o: any) => delete o.payer.openid, { field: '/payer/openid' }],
      ['a wrong type', (o: any) => (o.amount.total = '100'), { field: '/amount/total', value: '100', issue: 'must be an integer' }],
      ['a too long field', (o: any) => (o.description = 'x'.repeat(128)), { field: '/description', issue: 'must be at most 127 characters' }],
      ['a value outside the enum', (o: any) => (o.amount.currency = 'XYZ'), { field: '/amount/currency', value: 'XYZ' }],
      ['a bad pattern', (o: any) => (o.out_trade_no = 'has spaces in it'), { field: '/out_trade_no' }],
      ['a bad time format', (o: any) => (o.time_expire = '2018/06/08 10:34'), { field: '/time_expire' }],
      ['an emoji', (o: any) => (o.description = 'cake 🎂'), { field: '/description' }],
    ])('answers 400 PARAM_ERROR for %s', async (_label, mutate, detail) => {
      const json = order({ payer: { openid: SANDBOX_SEED.authorizedOpenid } });
      mutate(json);
      const exchange = await prepay('jsapi', json);
      expect(exchange.status).toBe(400);
      expect(exchange.json.code).toBe('PARAM_ERROR');
      expect(exchange.json.detail).toMatchObject({ location: 'body', ...detail });
      expect(verifyResponse(config, exchange)).toBe(true);
    });

    it('answers 400 when the body mchid or the query mchid is not the signer’s', async () => {
      const body = await prepay('native', order({ mchid: '1230000109' }));
      expect(body.status).toBe(400);
      expect(body.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/mchid', value: '1230000109', location: 'body' } });
      const query = await byOutTradeNo('ANY_ORDER_NO', '1230000109');
      expect(query.status).toBe(400);
      expect(query.json.detail).toMatchObject({ field: 'mchid', location: 'query' });
    });

    it('answers 400 for a body that is not JSON, or not declared as JSON', async () => {
      const broken = await send(config, 'POST', '/v3/pay/transactions/native', { body: '{"appid":', headers: { 'content-type': 'application/json' } });
      expect(broken.status).toBe(400);
      expect(broken.json.code).toBe('PARAM_ERROR');
      const form = await send(config, 'POST', '/v3/pay/transactions/native', { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(400);
      expect(form.json.code).toBe('INVALID_REQUEST');
    });

    it('requires exactly one of transaction_id and out_trade_no on a refund', async () => {
      const exchange = await send(config, 'POST', '/v3/refund/domestic/refunds', {
        json: { out_refund_no: uniqueId('R'), amount: { refund: 1, total: 1, currency: 'CNY' } },
      });
      expect(exchange.status).toBe(400);
      expect(exchange.json.detail.issue).toBe('exactly one of transaction_id, out_trade_no is required');
    });
  });

  it('keeps its state in a data file across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await Sandbox.start({ keys: await sandboxKeys(), dataFile });
      const json = { ...order(), mchid: first.mchid };
      const placed = await send(first.clientConfig(), 'POST', '/v3/pay/transactions/native', { json });
      expect(placed.status).toBe(200);
      await first.stop();
      expect(existsSync(dataFile)).toBe(true);

      const second = await Sandbox.start({ keys: await sandboxKeys(), dataFile });
      try {
        const query = await send(second.clientConfig(), 'GET', `/v3/pay/transactions/out-trade-no/${json.out_trade_no}?mchid=${second.mchid}`);
        expect(query.json.trade_state).toBe('NOTPAY');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
