/**
 * lib/sandbox/v2-call.ts through the SDK's APIv2 client: signed XML both ways (MD5 and
 * HMAC-SHA256), the request's identifiers echoed, a broken field a signed `result_code FAIL` with
 * PARAM_ERROR, a wrong secret `return_code FAIL`, bill files as text, GET fields in the query.
 */
import { Builder, Hash, Transformer, V2ResponseException, V2ResponseFailure, signFields, type SignType } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
let instance: ReturnType<typeof Builder.factory>;

beforeAll(async () => {
  sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread: 'main' });
  instance = Builder.factory(sandbox.clientConfig());
});
afterAll(async () => {
  await instance?.getDriver().close();
  await sandbox?.stop();
});

const micropay = (overrides: Record<string, unknown> = {}) => ({
  appid: 'wx8888888888888888',
  mch_id: sandbox.mchid,
  body: 'image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  total_fee: 888,
  spbill_create_ip: '8.8.8.8',
  auth_code: '120061098828009406',
  ...overrides,
});

describe('APIv2 operations', () => {
  it.each<SignType>([Hash.ALGO_MD5, Hash.ALGO_HMAC_SHA256])('answer signed XML (%s) that the client verifies, echoing the request', async (signType) => {
    const response = await instance.v2.pay.micropay.postAsync({ xml: micropay({ sign_type: signType }) });
    const fields = Transformer.toArray(response.text()) as Record<string, string>;
    expect(fields).toEqual(expect.objectContaining({ return_code: 'SUCCESS', result_code: 'SUCCESS', appid: 'wx8888888888888888', mch_id: sandbox.mchid }));
    expect(fields.out_trade_no).toBe('1217752501201407033233368018');
    expect(fields.total_fee).toBe('888');
    expect(fields.sign).toBe(signFields(fields, sandbox.apiv2Secret, signType));
    expect(fields.sign).toHaveLength(signType === Hash.ALGO_MD5 ? 32 : 64);
  });

  it('answer the same request the same way', async () => {
    const first = await instance.v2.pay.micropay.postAsync({ xml: micropay({ nonce_str: 'A' }) });
    const second = await instance.v2.pay.micropay.postAsync({ xml: micropay({ nonce_str: 'B' }) });
    const withoutExchange = (text: string) => {
      const { nonce_str: _n, sign: _s, ...fields } = Transformer.toArray(text) as Record<string, string>;
      return fields;
    };
    expect(withoutExchange(second.text())).toEqual(withoutExchange(first.text()));
  });

  it('refuse a broken field with a signed result_code FAIL naming it (PARAM_ERROR)', async () => {
    const error = await instance.v2.pay.micropay.postAsync({ xml: micropay({ out_trade_no: undefined, total_fee: 'eight' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(V2ResponseException);
    const failure = error as V2ResponseException;
    // The client checked the reply's sign before reading result_code: the refusal is authentic.
    expect(failure.code).toBe(V2ResponseFailure.RESULT_FAIL);
    expect(failure.fields).toEqual(expect.objectContaining({ result_code: 'FAIL', err_code: 'PARAM_ERROR' }));
    expect(String(failure.fields?.err_code_des)).toMatch(/out_trade_no|total_fee/);
  });

  it('refuse a request signed with another secret: return_code FAIL, no sign', async () => {
    const stranger = Builder.factory({ ...sandbox.clientConfig(), secret: 'x'.repeat(32) });
    const error = await stranger.v2.pay.micropay.postAsync({ xml: micropay() }).catch((e: unknown) => e);
    await stranger.getDriver().close();
    expect(error).toBeInstanceOf(V2ResponseException);
    expect((error as V2ResponseException).code).toBe(V2ResponseFailure.RETURN_FAIL);
    expect((error as V2ResponseException).fields).toEqual({ return_code: 'FAIL', return_msg: '签名错误' });
  });

  it('answer a bill download with the file, as text', async () => {
    const response = await instance.v2.pay.downloadbill.postAsync({ xml: { appid: 'wx8888888888888888', mch_id: sandbox.mchid, bill_date: '20260101', bill_type: 'ALL' } });
    expect(response.status).toBe(200);
    expect(response.text()).toMatch(/^交易时间,公众账号ID,商户号\n/);
  });

  it('read a GET operation’s fields from its signed query: the real-name redirect answers 302', async () => {
    const { request } = await import('undici');
    const fields: Record<string, string> = {
      mch_id: sandbox.mchid,
      appid: 'wx8888888888888888',
      redirect_uri: 'https://example.com/back',
      response_type: 'code',
      scope: 'pay_identity',
      state: 'S1',
      nonce_str: 'N1',
    };
    const signed = new URLSearchParams({ ...fields, sign: signFields(fields, sandbox.apiv2Secret) });
    const response = await request(new URL(`appauth/authindex?${signed}`, sandbox.baseUri));
    await response.body.dump();
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe('https://example.com/back');
    expect(location.searchParams.get('state')).toBe('S1');
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
  });
});

it('the sandbox refuses XML it cannot read, without expanding entities', async () => {
  const { request } = await import('undici');
  const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><mch_id>&e;</mch_id></xml>';
  const response = await request(new URL('pay/micropay', sandbox.baseUri), { method: 'POST', body: xxe, headers: { 'content-type': 'text/xml' } });
  const fields = Transformer.toArray(await response.body.text()) as Record<string, string>;
  expect(fields.return_code).toBe('FAIL');
  expect(fields.return_msg).toMatch(/XML/);
});
