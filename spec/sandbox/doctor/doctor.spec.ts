/**
 * The signature doctor over real HTTP: requests signed wrongly on purpose, in the ways new integrations
 * get it wrong, each answered 401 SIGN_ERROR with the fault named in `detail` and the signing string
 * the sandbox rebuilt from the received bytes.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Sandbox } from '../../../lib/sandbox';
import { sandboxKeys } from '../../helpers/sandbox-keys';
import { authorizationHeader, nowSeconds, send, signRequest, type WireConfig } from '../../helpers/sandbox-wire';

const QUERY_TARGET = '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE';
const REORDERED_TARGET = '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?permission_type=INDIVIDUAL_PAYEE&appid=wxd678efh567h23787';
const NATIVE = '/v3/pay/transactions/native';

describe('the signature doctor', () => {
  let sandbox: Sandbox;
  let config: WireConfig;
  const order = () => ({ appid: 'wxd678efh567h23787', mchid: sandbox.mchid, description: '测试商品', out_trade_no: `D${randomBytes(6).toString('hex')}`, notify_url: 'https://example.com/n', amount: { total: 1 } });

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread: 'main' });
    config = sandbox.clientConfig();
  });
  afterAll(() => sandbox?.stop());

  const refused = (exchange: { status: number; json: any }) => {
    expect(exchange.status).toBe(401);
    expect(exchange.json.code).toBe('SIGN_ERROR');
    return exchange.json.detail as { fault: string; diagnosis: string; signing_string?: any };
  };

  it('names a clock that is off, in seconds', async () => {
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { timestamp: nowSeconds() - 412 }));
    expect(detail.fault).toBe('clock_skew');
    expect(detail.diagnosis).toMatch(/^Clock 41[2-4] s off: .* behind the sandbox's clock; at most 300 s/);
  });

  it('recognises a timestamp in milliseconds', async () => {
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { timestamp: Date.now() }));
    expect(detail.fault).toBe('bad_timestamp');
    expect(detail.diagnosis).toContain('milliseconds');
  });

  it('says the serial is the platform one, not the merchant one', async () => {
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { credentials: { serial_no: sandbox.keys.platform.serial } }));
    expect(detail.fault).toBe('wrong_serial');
    expect(detail.diagnosis).toContain(`is not the serial of the merchant API certificate (${sandbox.merchantSerial})`);
    expect(detail.diagnosis).toContain('the serial of the platform certificate');
  });

  it('sees a trailing newline added to the body after signing', async () => {
    const json = JSON.stringify(order());
    const detail = refused(await send(config, 'POST', NATIVE, { body: `${json}\n`, signedBody: json, headers: { 'content-type': 'application/json' } }));
    expect(detail.fault).toBe('signed_differently');
    expect(detail.diagnosis).toContain('ends with a newline that was not in what you signed');
    expect(detail.signing_string.body).toEqual({ length: Buffer.byteLength(json) + 1, sha256: createHash('sha256').update(`${json}\n`).digest('hex'), text: `${json}\n`, truncated: false });
  });

  it('sees a body re-serialised after signing (pretty-printed)', async () => {
    const data = order();
    const detail = refused(
      await send(config, 'POST', NATIVE, { body: JSON.stringify(data, null, 2), signedBody: JSON.stringify(data), headers: { 'content-type': 'application/json' } }),
    );
    expect(detail.diagnosis).toContain('compact JSON');
    expect(detail.diagnosis).toContain('re-serialised JSON');
  });

  it('sees the same fields in another key order', async () => {
    const data = order();
    const reversed = Object.fromEntries(Object.entries(data).reverse());
    const detail = refused(
      await send(config, 'POST', NATIVE, { body: JSON.stringify(reversed), signedBody: JSON.stringify(data), headers: { 'content-type': 'application/json' } }),
    );
    expect(detail.diagnosis).toContain('different key order');
    expect(detail.diagnosis).toContain('you signed appid, mchid, description');
  });

  it('sees a query sent in another order than signed', async () => {
    const timestamp = nowSeconds();
    const nonce = randomBytes(8).toString('hex');
    const signature = signRequest(config.privateKey, 'GET', REORDERED_TARGET, timestamp, nonce, '');
    const authorization = authorizationHeader({ mchid: config.mchid, nonce_str: nonce, timestamp: String(timestamp), serial_no: config.serial, signature });
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { authorization }));
    expect(detail.diagnosis).toContain('The query is in a different order from the one signed');
    expect(detail.signing_string).toMatchObject({ method: 'GET', request_target: QUERY_TARGET, timestamp: String(timestamp), nonce });
  });

  it.each([
    ['a missing field', (a: string) => a.replace(/,nonce_str="[^"]*"/, ''), 'lacks nonce_str'],
    ['an unquoted value', (a: string) => a.replace(/mchid="(\d+)"/, 'mchid=$1'), 'The value of mchid must be in double quotes'],
    ['a space after a comma', (a: string) => a.replace(',serial_no', ', serial_no'), 'starts with a space'],
    ['another scheme', (a: string) => a.replace('WECHATPAY2-SHA256-RSA2048', 'Bearer'), 'The Authorization scheme is "Bearer"'],
  ])('names which part of a malformed Authorization is wrong: %s', async (_name, spoil, words) => {
    const timestamp = nowSeconds();
    const nonce = randomBytes(8).toString('hex');
    const signature = signRequest(config.privateKey, 'GET', QUERY_TARGET, timestamp, nonce, '');
    const authorization = spoil(authorizationHeader({ mchid: config.mchid, nonce_str: nonce, timestamp: String(timestamp), serial_no: config.serial, signature }));
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { authorization }));
    expect(detail.fault).toBe('authorization_malformed');
    expect(detail.diagnosis).toContain(words);
  });

  it('says a nonce was reused', async () => {
    const nonce = randomBytes(8).toString('hex');
    expect((await send(config, 'GET', QUERY_TARGET, { nonce })).status).toBe(200);
    const detail = refused(await send(config, 'GET', QUERY_TARGET, { nonce }));
    expect(detail.fault).toBe('nonce_reused');
    expect(detail.diagnosis).toContain(`nonce_str "${nonce}" was already used`);
  });

  it('says the signature was made with another key', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const detail = refused(await send({ ...config, privateKey: stranger }, 'GET', QUERY_TARGET));
    expect(detail.fault).toBe('wrong_key');
  });

  it('keeps what the real API reports beside the diagnosis', async () => {
    const json = JSON.stringify(order());
    const exchange = await send(config, 'POST', NATIVE, { body: json, signedBody: `${json} `, headers: { 'content-type': 'application/json' } });
    const detail = refused(exchange);
    expect(exchange.json.message).toBe('错误的签名，验签失败');
    expect(detail).toMatchObject({ field: 'signature', location: 'authorization', sign_information: { method: 'POST', url: NATIVE } });
    expect(detail.diagnosis).toContain('over a different signing string');
  });
});
