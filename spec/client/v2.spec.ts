/**
 * APIv2 over real HTTP: requests signed with MD5 and HMAC-SHA256 (checked by the test server with its
 * own code), replies parsed and checked (return_code, sign with the request's algorithm, result_code),
 * XXE refused, the mch_id check — under both verb kinds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Builder,
  closeSyncBridge,
  InvalidArgumentException,
  RequestException,
  ServerException,
  Transformer,
  type BuilderChainable,
  type Response,
} from '../../lib';
import { V2ResponseException, V2ResponseFailure } from '../../lib/stack/v2/v2-response-exception';
import { startV2Server, type V2Scenario, type V2Server } from '../helpers/v2-server';

let server: V2Server;
let instance: BuilderChainable;

beforeAll(async () => {
  server = await startV2Server();
  instance = Builder.factory(server.config());
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});
afterEach(() => server.requests()); // nothing left over for the next test

const appid = 'wx2421b1c4370ec43b';
const mch_id = '1900000109';
const body = 'image形象店-深圳腾大- QQ公仔';
const out_trade_no = '1217752501201407033233368018';
const auth_code = '120061098828009406';

type Call = (options: Record<string, unknown>) => Promise<Response>;
const micropayKinds: Array<[string, Call]> = [
  ['promise', (options) => instance.v2.pay.micropay.postAsync(options)],
  ['sync', async (options) => instance.v2.pay.micropay.post(options)],
];
const orderqueryKinds: Array<[string, Call]> = [
  ['promise', (options) => instance.v2.pay.orderquery.postAsync(options)],
  ['sync', async (options) => instance.v2.pay.orderquery.post(options)],
];

const fieldsOf = (response: Response) => Transformer.toArray(String(response.getBody()));

async function failure(scenario: V2Scenario, call: () => Promise<Response>): Promise<V2ResponseException> {
  await server.scenario(scenario);
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(V2ResponseException);
  expect(error).toBeInstanceOf(RequestException);
  return error as V2ResponseException;
}

describe('requests', () => {
  it('the seed micropay call: MD5-signed XML that the server verifies, a signed reply that we verify', async () => {
    const response = await instance.v2.pay.micropay.postAsync({ xml: { appid, mch_id, body, out_trade_no, total_fee: 1, auth_code } });
    expect(response.getStatusCode()).toBe(200);
    expect(fieldsOf(response)).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', trade_type: 'MICROPAY', out_trade_no, total_fee: '1' });

    const [seen] = await server.requests();
    expect(seen).toMatchObject({ method: 'POST', path: '/pay/micropay', signType: 'MD5', signCheck: 'ok', secure: false });
    expect(seen!.contentType).toBe('text/xml; charset=utf-8');
    expect(seen!.accept).toBe('text/xml, text/plain, application/x-gzip');
    expect(seen!.fields).toMatchObject({ appid, mch_id, body, out_trade_no, total_fee: '1', auth_code });
    expect(seen!.fields!.nonce_str).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(seen!.fields!.sign).toMatch(/^[0-9A-F]{32}$/);
    // Fields in the caller's order, then nonce_str, then sign last.
    expect(Object.keys(seen!.fields!)).toEqual(['appid', 'mch_id', 'body', 'out_trade_no', 'total_fee', 'auth_code', 'nonce_str', 'sign']);
  });

  it.each(micropayKinds)('micropay, %s verb', async (_, call) => {
    const response = await call({ xml: { appid, mch_id, body, out_trade_no, total_fee: 1, auth_code } });
    expect(fieldsOf(response).transaction_id).toBe('4200000101202611261234567890');
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ path: '/pay/micropay', signCheck: 'ok' });
  });

  it.each(orderqueryKinds)('HMAC-SHA256 (sign_type signed too), %s verb: the reply is checked with HMAC-SHA256', async (_, call) => {
    const response = await call({ xml: { appid, mch_id, out_trade_no, sign_type: 'HMAC-SHA256' } });
    expect(fieldsOf(response)).toMatchObject({ trade_state: 'SUCCESS', sign: expect.stringMatching(/^[0-9A-F]{64}$/) });
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ signType: 'HMAC-SHA256', signCheck: 'ok' });
    expect(seen!.fields!.sign).toMatch(/^[0-9A-F]{64}$/);
  });

  it('a wrong secret is caught by the server, whose FAIL reply is a RETURN_FAIL error', async () => {
    const stranger = Builder.factory(server.config({ secret: 'a'.repeat(32) }));
    const error = await stranger.v2.pay.micropay.postAsync({ xml: { appid, mch_id, body: 'image', out_trade_no, total_fee: 1, spbill_create_ip: '8.8.8.8', auth_code } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(V2ResponseException);
    expect(error).toMatchObject({ code: V2ResponseFailure.RETURN_FAIL, fields: { return_code: 'FAIL', return_msg: '签名错误' } });
    expect((error as Error).message).toContain('return_msg: 签名错误');
    const [seen] = await server.requests();
    expect(seen!.signCheck).toBe('bad');
  });

  it('a given nonce_str is kept; `nonceless` adds none', async () => {
    await instance.v2.pay.orderquery.postAsync({ xml: { appid, mch_id, out_trade_no, nonce_str: 'ibuaiVcKdpRxkhJA' } });
    await instance.v2.pay.orderquery.postAsync({ xml: { appid, mch_id, out_trade_no }, nonceless: true });
    const [given, none] = await server.requests();
    expect(given).toMatchObject({ signCheck: 'ok', fields: { nonce_str: 'ibuaiVcKdpRxkhJA' } });
    expect(none!.signCheck).toBe('ok');
    expect(none!.fields).not.toHaveProperty('nonce_str');
  });

  it('a GET sends the signed fields as the query, with no body (wechatpay-php 1.4.12)', async () => {
    const response = instance.v2.pay.orderquery.get({ xml: { appid, mch_id, out_trade_no: 'a b&c' } });
    expect(fieldsOf(response).out_trade_no).toBe('a b&c');
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ method: 'GET', path: '/pay/orderquery', signCheck: 'ok', body: '' });
    expect(seen!.query).toMatch(/^\?appid=wx2421b1c4370ec43b&mch_id=1900000109&out_trade_no=a%20b%26c&nonce_str=[0-9A-Za-z]{32}&sign=[0-9A-F]{32}$/);
  });

  it('`mchid` or `combine_mch_id` satisfy the merchant check as well as `mch_id`', async () => {
    await instance.v2.pay.orderquery.postAsync({ xml: { appid, mchid: mch_id, out_trade_no } });
    await instance.v2.pay.orderquery.postAsync({ xml: { appid, combine_mch_id: mch_id, out_trade_no } });
    expect((await server.requests()).map((r) => r.signCheck)).toEqual(['ok', 'ok']);
  });
});

describe('bad input: InvalidArgumentException, nothing sent', () => {
  const cases: Array<[string, () => BuilderChainable, Record<string, unknown>, RegExp]> = [
    ['another mch_id', () => instance, { xml: { appid, mch_id: '1230000109', out_trade_no } }, /mch_id\(1230000109\)\] doesn't match the init one mchid\(1900000109\)/],
    ['no mch_id at all', () => instance, { xml: { appid, out_trade_no } }, /mch_id\(\)\] doesn't match the init one mchid\(1900000109\)/],
    ['no xml at all', () => instance, {}, /mch_id\(\)\]/],
    ['an unknown sign_type', () => instance, { xml: { appid, mch_id, sign_type: 'HMAC-SHA1' } }, /`sign_type` must be `MD5` or `HMAC-SHA256`.*"HMAC-SHA1"/],
    ['a lower-case sign_type', () => instance, { xml: { appid, mch_id, sign_type: 'md5' } }, /"md5"/],
    ['xml that is not an object', () => instance, { xml: ['appid'] }, /`xml` must be an object/],
    ['no secret configured', () => Builder.factory(server.config({ secret: undefined })), { xml: { appid, mch_id } }, /configure `secret`/],
  ];

  it.each(cases)('%s (promise verb rejects)', async (_, client, options, message) => {
    await expect(client().v2.pay.orderquery.postAsync(options)).rejects.toThrow(message);
    await expect(client().v2.pay.orderquery.postAsync(options)).rejects.toBeInstanceOf(InvalidArgumentException);
    expect(await server.requests()).toEqual([]);
  });

  it.each(cases)('%s (sync verb throws)', async (_, client, options, message) => {
    expect(() => client().v2.pay.orderquery.post(options)).toThrow(message);
    expect(await server.requests()).toEqual([]);
  });
});

describe.each(micropayKinds)('replies that fail the checks, %s verb', (_, call) => {
  const options = { xml: { appid, mch_id, out_trade_no, total_fee: 1, auth_code } };

  it('a bad sign', async () => {
    const error = await failure({ name: 'bad-sign' }, () => call(options));
    expect(error.code).toBe(V2ResponseFailure.SIGN_MISMATCH);
    expect(error.message).toMatch(/sign does not match its fields \(MD5/);
    expect(error.message).not.toContain(String(error.fields!.sign));
    expect(error.getResponse()!.getStatusCode()).toBe(200);
    expect(JSON.stringify(error)).not.toContain(String(error.fields!.sign));
  });

  it('a body altered after signing', async () => {
    const error = await failure({ name: 'tamper' }, () => call(options));
    expect(error).toMatchObject({ code: V2ResponseFailure.SIGN_MISMATCH, fields: { total_fee: '100000' } });
  });

  it('no sign on an endpoint that signs', async () => {
    expect((await failure({ name: 'no-sign' }, () => call(options))).code).toBe(V2ResponseFailure.SIGN_MISSING);
  });

  it('return_code FAIL', async () => {
    const error = await failure({ name: 'return-fail' }, () => call(options));
    expect(error).toMatchObject({ code: V2ResponseFailure.RETURN_FAIL, fields: { return_code: 'FAIL', return_msg: '系统繁忙,请稍后再试' } });
    expect(error.message).toContain('return_code is FAIL (return_msg: 系统繁忙,请稍后再试)');
  });

  it('result_code FAIL with err_code', async () => {
    const error = await failure({ name: 'result-fail' }, () => call(options));
    expect(error).toMatchObject({ code: V2ResponseFailure.RESULT_FAIL, fields: { result_code: 'FAIL', err_code: 'ORDERNOTEXIST' } });
    expect(error.message).toContain('result_code is FAIL, err_code ORDERNOTEXIST (此交易订单号不存在)');
  });

  it('a forged business failure (signed, then err_code changed) is a sign error, not an err_code to act on', async () => {
    const error = await failure({ name: 'result-fail-forged' }, () => call(options));
    expect(error.code).toBe(V2ResponseFailure.SIGN_MISMATCH);
  });

  it('a reply signed with another algorithm than the request asked for', async () => {
    const error = await failure({ name: 'other-algorithm' }, () => call(options));
    expect(error.code).toBe(V2ResponseFailure.SIGN_MISMATCH);
  });

  it('an XXE payload is refused as unreadable XML: the file never shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'v2-xxe-'));
    const file = join(dir, 'secret.txt');
    writeFileSync(file, 'TOP-SECRET-FILE-CONTENT');
    try {
      const error = await failure({ name: 'xxe', file }, () => call(options));
      expect(error.code).toBe(V2ResponseFailure.XML_INVALID);
      expect(error.fields).toBeUndefined();
      expect(error.message).toMatch(/DOCTYPE/i);
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('TOP-SECRET');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 5xx with an XML body is a ServerException carrying the parsed fields', async () => {
    await server.scenario({ name: 'http-error', status: 503 });
    const error = await call(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerException);
    expect(error).toMatchObject({ status: 503, body: { return_code: 'FAIL', return_msg: 'SYSTEMERROR', err_code: 'SYSTEMERROR' } });
  });
});

it('the APIv2 stack has the PHP names, outermost first', () => {
  expect(instance.getDriver().select('v2').handler.names()).toEqual(['transform_response', 'retry', 'http_errors', 'allow_redirects', 'transform_request', 'prepare_body']);
});
