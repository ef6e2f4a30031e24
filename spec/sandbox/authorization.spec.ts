/**
 * The sandbox's request checks and response signatures, driven over real HTTP by an independent
 * client (spec/helpers/sandbox-wire.ts), in both key modes.
 */
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Sandbox } from '../../lib/sandbox';
import { keysWithGoTestMerchant, sandboxKeys } from '../helpers/sandbox-keys';
import { authorizationHeader, nowSeconds, send, signRequest, verifyResponse, type WireConfig } from '../helpers/sandbox-wire';

const SEED_TARGET =
  '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE';
const SEED_BODY = { individual_auth_id: '1900000109', operation_time: '2018-06-08T10:34:56+08:00', auth_state: 'AUTHORIZED' };

describe('Sandbox request authorization', () => {
  let pubkey: Sandbox;
  let cert: Sandbox;
  let config: WireConfig;

  beforeAll(async () => {
    const keys = await sandboxKeys();
    [pubkey, cert] = await Promise.all([Sandbox.start({ keys }), Sandbox.start({ keys, mode: 'cert' })]);
    config = pubkey.clientConfig();
  });
  afterAll(async () => {
    await Promise.all([pubkey?.stop(), cert?.stop()]);
  });

  describe.each(['pubkey', 'cert'] as const)('the seed call in %s mode', (mode) => {
    it('answers the seeded contract, signed with the key the client config names', async () => {
      const sandbox = mode === 'pubkey' ? pubkey : cert;
      const clientConfig = sandbox.clientConfig();
      const exchange = await send(clientConfig, 'GET', SEED_TARGET);

      expect(exchange.status).toBe(200);
      expect(exchange.json).toEqual(SEED_BODY);
      expect(exchange.headers['wechatpay-serial']).toBe(Object.keys(clientConfig.certs)[0]);
      expect(exchange.headers['wechatpay-serial']).toMatch(mode === 'pubkey' ? /^PUB_KEY_ID_\d{32}$/ : /^[0-9A-F]{40}$/);
      expect(exchange.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
      expect(exchange.headers['wechatpay-nonce']).toMatch(/^[0-9a-f]{32}$/);
      expect(Math.abs(Number(exchange.headers['wechatpay-timestamp']) - nowSeconds())).toBeLessThan(5);
      expect(exchange.headers['request-id']).toMatch(/^[0-9A-F]{44}-0$/);
      expect(verifyResponse(clientConfig, exchange)).toBe(true);
      // The other mode's key does not verify it.
      const other = (mode === 'pubkey' ? cert : pubkey).clientConfig();
      expect(verifyResponse({ certs: { [exchange.headers['wechatpay-serial']!]: Object.values(other.certs)[0]! } }, exchange)).toBe(false);
    });
  });

  it('accepts the request signature published as vector V9 (Go SDK test key, fixed clock)', async () => {
    const sandbox = await Sandbox.start({ keys: await keysWithGoTestMerchant('1900009191'), now: () => 1554208460_000 });
    try {
      const { mchid, serial } = sandbox.clientConfig();
      const signature =
        'A9AUsxYVRNAolIuW1o+jBiaZzU9O+3UG9vI0g3J8Q/AyDiUblV0CZYIP1/geFX7pt2AofcZu7+XcuiBhbGXSVI7edOlj5/Cy7d5gpnS7aVh5XysX5idGA3XNOYo3N++Fs5lg6C+iz1660j2zhgBQmpEcfcIrllMspUzmmED/rNQtsm1gM0suyTBfGvApxFEkjo4DUw9ua1PRoF59JHrz9N0abQ0X1ifM3dgr75W5JAR9nsy99OEm4VSKyOLiwO1iitL+1j6bhv6dINiBywtpoTilP3+Ag0PAiXOODp+osKoVkcHs+mGWkS4YQAKamjs+D06HcuZMFGuRJ9a6XHRpew==';
      const authorization = authorizationHeader({
        mchid,
        nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
        timestamp: '1554208460',
        serial_no: serial,
        signature,
      });
      const exchange = await send(sandbox.clientConfig(), 'GET', SEED_TARGET, { authorization });
      expect(exchange.status).toBe(200);
      expect(exchange.headers['wechatpay-timestamp']).toBe('1554208460');
      expect(verifyResponse(sandbox.clientConfig(), exchange)).toBe(true);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a wrong signature with 401 SIGN_ERROR echoing the signing string it built', async () => {
    const timestamp = nowSeconds();
    const nonce = 'N0NCE' + randomBytes(8).toString('hex');
    const wrong = signRequest(config.privateKey, 'GET', '/v3/other', timestamp, nonce, '');
    const exchange = await send(config, 'GET', SEED_TARGET, { timestamp, nonce, credentials: { signature: wrong } });

    expect(exchange.status).toBe(401);
    expect(exchange.json.code).toBe('SIGN_ERROR');
    expect(exchange.json.message).toBe('错误的签名，验签失败');
    expect(exchange.json.detail).toMatchObject({
      field: 'signature',
      location: 'authorization',
      detail: { issue: 'sign not match' },
      sign_information: {
        method: 'GET',
        url: SEED_TARGET,
        truncated_sign_message: `GET\n${SEED_TARGET}\n${timestamp}\n${nonce}\n\n`,
      },
    });
    // Error replies are signed too.
    expect(verifyResponse(config, exchange)).toBe(true);
  });

  it('signs over the raw request-target: a re-encoded query fails', async () => {
    const timestamp = nowSeconds();
    const nonce = randomBytes(8).toString('hex');
    const sent = SEED_TARGET.replace('appid=', 'app%69d=');
    const signature = signRequest(config.privateKey, 'GET', SEED_TARGET, timestamp, nonce, '');
    const exchange = await send(config, 'GET', sent, { timestamp, nonce, credentials: { signature } });
    expect(exchange.status).toBe(401);
    expect(exchange.json.detail.sign_information.url).toBe(sent);
  });

  it('refuses a timestamp more than 300 s away, in either direction', async () => {
    // Well past 300 s: a loaded machine may take seconds to deliver the request.
    for (const offset of [-330, 330]) {
      const exchange = await send(config, 'GET', SEED_TARGET, { timestamp: nowSeconds() + offset });
      expect(exchange.status).toBe(401);
      expect(exchange.json).toEqual({
        code: 'SIGN_ERROR',
        message: 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟',
        // The signature doctor's diagnosis (spec/sandbox/doctor/) rides along in detail.
        detail: expect.objectContaining({ fault: 'clock_skew', diagnosis: expect.stringMatching(/^Clock 3\d\d s off/) }),
      });
    }
    expect((await send(config, 'GET', SEED_TARGET, { timestamp: nowSeconds() - 290 })).status).toBe(200);
  });

  it('refuses a nonce reused inside the window, but not a forged request that reused it', async () => {
    const nonce = randomBytes(16).toString('hex');
    const forged = await send(config, 'GET', SEED_TARGET, { nonce, credentials: { signature: randomBytes(256).toString('base64') } });
    expect(forged.status).toBe(401);
    expect((await send(config, 'GET', SEED_TARGET, { nonce })).status).toBe(200);
    const replay = await send(config, 'GET', SEED_TARGET, { nonce });
    expect(replay.status).toBe(401);
    expect(replay.json.code).toBe('SIGN_ERROR');
    expect(replay.json.detail).toMatchObject({ field: 'nonce_str', location: 'authorization' });
  });

  it('refuses an unknown mchid and a serial that is not the merchant certificate’s', async () => {
    const mchid = await send(config, 'GET', SEED_TARGET, { credentials: { mchid: '1230000109' } });
    expect(mchid.status).toBe(401);
    expect(mchid.json).toMatchObject({ code: 'SIGN_ERROR', detail: { field: 'mchid', value: '1230000109' } });
    const serial = await send(config, 'GET', SEED_TARGET, { credentials: { serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C' } });
    expect(serial.status).toBe(401);
    expect(serial.json).toMatchObject({ code: 'SIGN_ERROR', detail: { field: 'serial_no' } });
  });

  it.each([
    ['no header', ''],
    ['another scheme', 'WECHATPAY2-SM2-WITH-SM3 mchid="1"'],
    ['single quotes', `WECHATPAY2-SHA256-RSA2048 mchid='1',nonce_str='a',timestamp='1',serial_no='A',signature='s'`],
    ['a space between fields', 'WECHATPAY2-SHA256-RSA2048 mchid="1", nonce_str="a",timestamp="1",serial_no="A",signature="s"'],
    ['a missing field', 'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="a",timestamp="1",serial_no="A"'],
    ['a repeated field', 'WECHATPAY2-SHA256-RSA2048 mchid="1",mchid="1",timestamp="1",serial_no="A",signature="s"'],
  ])('refuses an Authorization header with %s as malformed', async (_label, authorization) => {
    const exchange = await send(config, 'GET', SEED_TARGET, authorization ? { authorization } : { omit: ['authorization'] });
    expect(exchange.status).toBe(401);
    expect(exchange.json).toEqual({
      code: 'SIGN_ERROR',
      message: 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》',
      detail: { fault: 'authorization_malformed', diagnosis: expect.any(String) },
    });
  });

  it('accepts the five fields in any order', async () => {
    const timestamp = nowSeconds();
    const nonce = randomBytes(16).toString('hex');
    const signature = signRequest(config.privateKey, 'GET', SEED_TARGET, timestamp, nonce, '');
    const authorization = authorizationHeader({ signature, serial_no: config.serial, timestamp: String(timestamp), nonce_str: nonce, mchid: config.mchid });
    expect((await send(config, 'GET', SEED_TARGET, { authorization })).status).toBe(200);
  });

  it.each(['accept', 'user-agent'])('answers 400 INVALID_REQUEST without %s', async (header) => {
    const exchange = await send(config, 'GET', SEED_TARGET, { omit: [header] });
    expect(exchange.status).toBe(400);
    expect(exchange.json).toEqual({ code: 'INVALID_REQUEST', message: 'Http头缺少Accept或User-Agent' });
  });

  it('answers 404 for an unknown path and 405 for a known path with another method', async () => {
    const unknown = await send(config, 'GET', '/v3/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('NOT_FOUND');
    const method = await send(config, 'DELETE', '/v3/refund/domestic/refunds');
    expect(method.status).toBe(405);
    expect(method.json.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('accepts a chunked body sent after Expect: 100-continue', async () => {
    const target = '/v3/ecommerce/individual-contracts/pre-entrust-sign/app';
    const body = JSON.stringify({ appid: 'wxd678efh567h23787', out_contract_code: `chunked_${randomBytes(4).toString('hex')}` });
    const timestamp = nowSeconds();
    const nonce = randomBytes(16).toString('hex');
    const signature = signRequest(config.privateKey, 'POST', target, timestamp, nonce, body);
    const url = new URL(target.slice(1), config.base_uri);

    const result = await new Promise<{ status: number; continued: boolean; json: any }>((resolve, reject) => {
      let continued = false;
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'User-Agent': 'node-http-chunked',
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
          Expect: '100-continue',
          Authorization: authorizationHeader({ mchid: config.mchid, nonce_str: nonce, timestamp: String(timestamp), serial_no: config.serial, signature }),
        },
      });
      req.on('continue', () => {
        continued = true;
        req.write(body.slice(0, 10));
        req.end(body.slice(10));
      });
      req.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, continued, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(result).toMatchObject({ status: 200, continued: true, json: { pre_entrustweb_id: expect.stringMatching(/^1121_/) } });
  });

  it('takes the multipart meta part as the signed body', async () => {
    const boundary = `----sandbox${randomBytes(6).toString('hex')}`;
    const meta = JSON.stringify({ appid: 'wxd678efh567h23787', out_contract_code: `multipart_${randomBytes(4).toString('hex')}` });
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${meta}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
    );
    const exchange = await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign/app', {
      body,
      signedBody: meta,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(exchange.status).toBe(200);
  });

  describe('test hooks for bad responses', () => {
    it('tamperNextResponse (or POST /sandbox/responses/tamper-next) flips a body byte after signing, once', async () => {
      pubkey.tamperNextResponse();
      const tampered = await send(config, 'GET', SEED_TARGET);
      expect(tampered.status).toBe(200);
      expect(tampered.text).not.toBe(JSON.stringify(SEED_BODY));
      expect(verifyResponse(config, tampered)).toBe(false);
      expect(verifyResponse(config, await send(config, 'GET', SEED_TARGET))).toBe(true);

      expect((await fetch(new URL('sandbox/responses/tamper-next', config.base_uri), { method: 'POST' })).status).toBe(204);
      expect(verifyResponse(config, await send(config, 'GET', SEED_TARGET))).toBe(false);
    });

    it('probeNextResponse sends a WECHATPAY/SIGNTEST/ signature, also via POST /sandbox/responses/probe-next', async () => {
      const hook = await fetch(new URL('sandbox/responses/probe-next', config.base_uri), { method: 'POST' });
      expect(hook.status).toBe(204);
      const probed = await send(config, 'GET', SEED_TARGET);
      expect(probed.headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
      expect(verifyResponse(config, probed)).toBe(false);
      pubkey.probeNextResponse();
      expect((await send(config, 'GET', SEED_TARGET)).headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
    });
  });
});
