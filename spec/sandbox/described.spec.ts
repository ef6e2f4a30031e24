/**
 * Operations answered from their descriptions (lib/sandbox/handlers/described.ts, synthesis.ts,
 * validation.ts): field checks with WeChat Pay's PARAM_ERROR detail, deterministic replies that
 * echo the request's identifiers, sensitive fields decrypted or refused, the Hong Kong host's
 * operations, and the hand-written handlers keeping precedence. Real signed HTTP on 127.0.0.1.
 */
import { createPrivateKey } from 'node:crypto';
import { Rsa } from '../../lib/crypto/rsa';
import { findOperation } from '../../lib/endpoints/operations';
import { Sandbox } from '../../lib/sandbox';
import { checkFields } from '../../lib/sandbox/validation';
import { Sensitive } from '../../lib/sensitive';
import { send, verifyResponse, type WireConfig, type WireExchange } from '../helpers/sandbox-wire';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
let wire: WireConfig;
let platform: { serial: string; publicKey: string };

beforeAll(async () => {
  sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread: 'main' });
  wire = sandbox.clientConfig();
  platform = { serial: sandbox.platformSerial, publicKey: sandbox.platformPem };
});
afterAll(() => sandbox?.stop());

const split = (overrides: Record<string, unknown> = {}) => ({
  appid: 'wx8888888888888888',
  sub_mchid: '1900000109',
  transaction_id: '4208450740201411110007820472',
  out_order_no: 'P20150806125346',
  receivers: [{ type: 'MERCHANT_ID', account: '86693852', amount: 888, description: '分给商户' }],
  unfreeze_unsplit: true,
  ...overrides,
});

const post = (path: string, json: unknown, headers: Record<string, string> = {}) => send(wire, 'POST', path, { json, headers });

function expectParamError(exchange: WireExchange, detail: { field: string; location: string; value?: unknown; issue?: RegExp }): void {
  expect(exchange.status).toBe(400);
  expect(exchange.json.code).toBe('PARAM_ERROR');
  expect(exchange.json.detail).toEqual(
    expect.objectContaining({ field: detail.field, location: detail.location, ...('value' in detail ? { value: detail.value } : {}) }),
  );
  if (detail.issue) expect(exchange.json.detail.issue).toMatch(detail.issue);
  // The message names the input source and the field as the real API's rule-check messages do.
  expect(exchange.json.message).toContain(detail.field);
  expect(verifyResponse(wire, exchange)).toBe(true);
}

describe('validation of a described request', () => {
  it.each([
    ['a missing required field', { out_order_no: undefined }, '/out_order_no', /required/],
    ['a wrong type', { unfreeze_unsplit: 'yes' }, '/unfreeze_unsplit', /boolean/],
    ['an integer given as text', { receivers: [{ type: 'MERCHANT_ID', account: '86693852', amount: '888', description: 'x' }] }, '/receivers/0/amount', /integer/],
    ['a value outside the enum', { receivers: [{ type: 'OPENID', account: '86693852', amount: 888, description: 'x' }] }, '/receivers/0/type', /one of MERCHANT_ID, PERSONAL_OPENID/],
    ['a missing field of an array item', { receivers: [{ type: 'MERCHANT_ID', amount: 888, description: 'x' }] }, '/receivers/0/account', /required/],
  ])('refuses %s with PARAM_ERROR and its detail', async (_, overrides, field, issue) => {
    const exchange = await post('/v3/profitsharing/orders', split(overrides));
    expectParamError(exchange, { field, location: 'body', issue });
  });

  it('checks the query and path of a GET: a missing query field, a type, a length limit', async () => {
    const noQuery = await send(wire, 'GET', '/v3/profitsharing/orders/P20150806125346');
    expectParamError(noQuery, { field: 'transaction_id', location: 'query', value: '' });

    // A query is text: `limit=10` is the integer 10, `limit=ten` is no integer.
    const complaints = '/v3/merchant-service/complaints-v2?offset=0&begin_date=2026-01-01&end_date=2026-01-02';
    expect((await send(wire, 'GET', `${complaints}&limit=10`)).status).toBe(200);
    expectParamError(await send(wire, 'GET', `${complaints}&limit=ten`), { field: 'limit', location: 'query', value: 'ten', issue: /integer/ });

    const longId = 'x'.repeat(200);
    const tooLong = await send(wire, 'GET', `/v3/ecommerce/individual-contracts/${longId}?appid=wx1&permission_type=INDIVIDUAL_PAYEE`);
    expectParamError(tooLong, { field: 'openid', location: 'path', value: longId, issue: /at most 128/ });
  });
});

describe('a described reply', () => {
  it('satisfies the response schema, echoes the identifiers the request named, and is signed', async () => {
    const exchange = await post('/v3/profitsharing/orders', split());
    expect(exchange.status).toBe(200);
    expect(verifyResponse(wire, exchange)).toBe(true);
    const operation = findOperation('POST', 'v3/profitsharing/orders')!;
    checkFields(operation.response.body!, exchange.json, { location: 'body' });
    expect(exchange.json).toEqual(
      expect.objectContaining({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346' }),
    );
    // Array items echo the request's items, index by index.
    expect(exchange.json.receivers[0]).toEqual(expect.objectContaining({ type: 'MERCHANT_ID', account: '86693852', amount: 888 }));
    expect(exchange.json.receivers[0].create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/);
  });

  it('is the same for the same request and differs for another', async () => {
    const first = await post('/v3/profitsharing/orders', split());
    const second = await post('/v3/profitsharing/orders', split());
    expect(second.text).toBe(first.text);
    // The signature still differs (its nonce and time are fresh), as every real reply's does.
    expect(second.headers['wechatpay-nonce']).not.toBe(first.headers['wechatpay-nonce']);
    const other = await post('/v3/profitsharing/orders', split({ out_order_no: 'P20150806125347' }));
    expect(other.json.out_order_no).toBe('P20150806125347');
  });

  it('answers an mchid nobody named with the signer’s, and an APIv3 query with its echo', async () => {
    const config = await send(wire, 'GET', '/v3/profitsharing/merchant-configs/1900000109');
    expect(config.status).toBe(200);
    expect(config.json.sub_mchid).toBe('1900000109');
    const bill = await send(wire, 'GET', `/v3/ecommerce/bill/fundflowbill?bill_date=2026-01-01&account_type=ALL&algorithm=AEAD_AES_256_GCM`);
    expect(bill.status).toBe(200);
    expect(typeof bill.json.download_bill_count).toBe('number');
  });

  it('answers the Hong Kong host’s operations under their paths', async () => {
    const operation = findOperation('GET', 'v3/merchants/{sub_mchid}', 'hk')!;
    const exchange = await send(wire, 'GET', `/v3/merchants/20000100?sp_appid=wx8888888888888888&sp_mchid=${wire.mchid}`);
    expect(exchange.status).toBe(200);
    // Its sensitive reply fields (the contact's name, …) come encrypted for the merchant's key.
    const decrypt = (ciphertext: string) => Rsa.decrypt(ciphertext, createPrivateKey(wire.privateKey));
    checkFields(operation.response.body!, exchange.json, { location: 'body', decrypt });
    expect(exchange.json.sub_mchid).toBe('20000100');
  });

  it('leaves the hand-written stateful handlers in charge of their operations', async () => {
    const unknown = await send(wire, 'GET', `/v3/pay/transactions/out-trade-no/NEVER_CREATED?mchid=${wire.mchid}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('ORDER_NOT_EXIST');
  });
});

describe('sensitive fields', () => {
  const receiver = (name: string) => ({ appid: 'wx8888888888888888', type: 'MERCHANT_ID', account: '86693852', name, relation_type: 'STORE' });

  it('are decrypted with the platform key: the plain text is what the reply echoes, encrypted for the merchant', async () => {
    const options = Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: receiver('示例商户全称') }, platform);
    const exchange = await post('/v3/profitsharing/receivers/add', options.json, options.headers);
    expect(exchange.status).toBe(200);
    expect(Rsa.decrypt(exchange.json.name, createPrivateKey(wire.privateKey))).toBe('示例商户全称');
  });

  it('refuse a plain-text value, naming the field', async () => {
    const exchange = await post('/v3/profitsharing/receivers/add', receiver('示例商户全称'), { 'Wechatpay-Serial': platform.serial });
    expectParamError(exchange, { field: '/name', location: 'body', value: '示例商户全称', issue: /decrypted/ });
  });

  it('refuse a value encrypted for another key', async () => {
    const stranger = await sandboxKeysOfAnotherPlatform();
    const options = Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: receiver('示例商户全称') }, { serial: platform.serial, publicKey: stranger });
    const exchange = await post('/v3/profitsharing/receivers/add', options.json, options.headers);
    expectParamError(exchange, { field: '/name', location: 'body', issue: /decrypted/ });
  });

  it('refuse encrypted fields sent without Wechatpay-Serial, or with a serial the sandbox does not know', async () => {
    const { json } = Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: receiver('示例商户全称') }, platform);
    expectParamError(await post('/v3/profitsharing/receivers/add', json), { field: 'Wechatpay-Serial', location: 'header', value: '' });
    expectParamError(await post('/v3/profitsharing/receivers/add', json, { 'Wechatpay-Serial': 'PUB_KEY_ID_0000' }), {
      field: 'Wechatpay-Serial',
      location: 'header',
      value: 'PUB_KEY_ID_0000',
    });
  });

  it('in a query are decrypted too', async () => {
    const query = { credential_type: '1', encrypted_credential_id: '110101199003077777', encrypted_name: '张三', wxp_trade_no: '442100010320250122523549415021' };
    const options = Sensitive.encrypt('v3/realname/verify', 'GET', { query }, platform);
    expect(options.query.encrypted_name).not.toBe('张三');
    const exchange = await send(wire, 'GET', `/v3/realname/verify?${new URLSearchParams(options.query)}`, { headers: options.headers });
    expect(exchange.status).toBe(200);
    const plain = await send(wire, 'GET', `/v3/realname/verify?${new URLSearchParams(query)}`, { headers: options.headers });
    expectParamError(plain, { field: 'encrypted_credential_id', location: 'query', issue: /decrypted/ });
  });
});

/** A public key no sandbox platform key matches. */
async function sandboxKeysOfAnotherPlatform(): Promise<string> {
  const { generateKeyPairSync } = await import('node:crypto');
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
