/** Personal collections end to end: authorization query, pre-sign, the user signing, combine orders. */
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { queryContractByOutContractCode, queryIndividualContract } from '../../lib/endpoints/overrides/individual-contracts';
import { checkFields } from '../../lib/sandbox/validation';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { encryptForPlatform, uniqueId } from '../helpers/sandbox-fields';
import { send, verifyResponse, type WireConfig } from '../helpers/sandbox-wire';

const APPID = SANDBOX_SEED.appid;
const contractTarget = (openid: string, appid: string = APPID): string =>
  `/v3/ecommerce/individual-contracts/${openid}?appid=${appid}&permission_type=INDIVIDUAL_PAYEE`;

describe('Sandbox personal collections', () => {
  let sandbox: Sandbox;
  let certSandbox: Sandbox;
  let config: WireConfig;

  beforeAll(async () => {
    const keys = await sandboxKeys();
    [sandbox, certSandbox] = await Promise.all([Sandbox.start({ keys }), Sandbox.start({ keys, mode: 'cert' })]);
    config = sandbox.clientConfig();
  });
  afterAll(async () => {
    await Promise.all([sandbox?.stop(), certSandbox?.stop()]);
  });

  describe('GET /v3/ecommerce/individual-contracts/{openid}', () => {
    it('answers the seeded unauthorized openid', async () => {
      const exchange = await send(config, 'GET', contractTarget(SANDBOX_SEED.unauthorizedOpenid));
      expect(exchange.status).toBe(200);
      expect(exchange.json).toMatchObject({ auth_state: 'UNAUTHORIZED', individual_auth_id: '' });
      checkFields(queryIndividualContract.response.body, exchange.json, { location: 'body' });
    });

    it('answers 200 UNAUTHORIZED for an openid that never signed, by default', async () => {
      const exchange = await send(config, 'GET', contractTarget('oNeverSignedNeverSignedNeverS'));
      expect(exchange.status).toBe(200);
      expect(exchange.json.auth_state).toBe('UNAUTHORIZED');
      expect(exchange.json.operation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    });

    it('answers 404 NOT_FOUND for it when configured so', async () => {
      const strict = await Sandbox.start({ keys: await sandboxKeys(), unknownOpenid: 'not_found' });
      try {
        const exchange = await send(strict.clientConfig(), 'GET', contractTarget('oNeverSignedNeverSignedNeverS'));
        expect(exchange.status).toBe(404);
        expect(exchange.json.code).toBe('NOT_FOUND');
        expect((await send(strict.clientConfig(), 'GET', contractTarget(SANDBOX_SEED.authorizedOpenid))).status).toBe(200);
      } finally {
        await strict.stop();
      }
    });

    it('is per appid: the seeded openid under another appid has not signed', async () => {
      const exchange = await send(config, 'GET', contractTarget(SANDBOX_SEED.authorizedOpenid, 'wx0000000000000000'));
      expect(exchange.json.auth_state).toBe('UNAUTHORIZED');
    });

    it.each([
      ['appid missing', '?permission_type=INDIVIDUAL_PAYEE', { field: 'appid', location: 'query', value: '' }],
      ['permission_type missing', '?appid=wxd678efh567h23787', { field: 'permission_type', location: 'query' }],
      ['permission_type not in its enum', '?appid=wxd678efh567h23787&permission_type=PAYEE', { field: 'permission_type', value: 'PAYEE' }],
      ['appid too long', `?appid=${'w'.repeat(129)}&permission_type=INDIVIDUAL_PAYEE`, { field: 'appid', location: 'query' }],
    ])('answers 400 PARAM_ERROR with detail when %s', async (_label, query, detail) => {
      const exchange = await send(config, 'GET', `/v3/ecommerce/individual-contracts/${SANDBOX_SEED.authorizedOpenid}${query}`);
      expect(exchange.status).toBe(400);
      expect(exchange.json.code).toBe('PARAM_ERROR');
      expect(exchange.json.detail).toMatchObject(detail);
      expect(exchange.json.detail.issue).toEqual(expect.any(String));
      expect(exchange.json.message).toContain(`/query/${detail.field}`);
    });

    it('answers 400 for an openid longer than 128 characters', async () => {
      const exchange = await send(config, 'GET', contractTarget(`o${'x'.repeat(128)}`));
      expect(exchange.status).toBe(400);
      expect(exchange.json.detail).toMatchObject({ field: 'openid', location: 'path' });
    });
  });

  it('walks the flow: unauthorized → pre-sign → the user signs → authorized → combine order', async () => {
    const openid = `o${uniqueId('flow').padEnd(27, '0').slice(0, 27)}`;
    const outContractCode = uniqueId('contract_');
    expect((await send(config, 'GET', contractTarget(openid))).json.auth_state).toBe('UNAUTHORIZED');

    const preSign = await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign/mini-program', {
      json: { appid: APPID, out_contract_code: outContractCode, openid },
    });
    expect(preSign.status).toBe(200);
    expect(preSign.json.pre_entrustweb_id).toMatch(/^1121_[0-9a-f]{32}$/);
    expect(verifyResponse(config, preSign)).toBe(true);

    const codeTarget = `/v3/ecommerce/individual-contracts/out-contract-code/${outContractCode}?appid=${APPID}`;
    const pending = await send(config, 'GET', codeTarget);
    expect(pending.json).toMatchObject({ auth_state: 'UNAUTHORIZED', individual_openid: openid });
    expect(pending.json.individual_auth_id).toBeUndefined();

    const signed = sandbox.signContract(outContractCode);
    expect(signed).toMatchObject({ openid, appid: APPID, auth_state: 'AUTHORIZED', individual_auth_id: expect.stringMatching(/^\d{12}$/) });

    const after = await send(config, 'GET', contractTarget(openid));
    expect(after.json).toEqual({ individual_auth_id: signed.individual_auth_id, operation_time: signed.operation_time, auth_state: 'AUTHORIZED' });
    const byCode = await send(config, 'GET', codeTarget);
    expect(byCode.json).toMatchObject({ auth_state: 'AUTHORIZED', individual_auth_id: signed.individual_auth_id, individual_openid: openid });
    checkFields(queryContractByOutContractCode.response.body, byCode.json, { location: 'body' });

    const order = await send(config, 'POST', '/v3/combine-transactions/miniprogram', { json: combineOrder(config.mchid, signed.individual_auth_id) });
    expect(order.status).toBe(200);
    expect(order.json.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(verifyResponse(config, order)).toBe(true);
  });

  it('answers the same pre_entrustweb_id to an identical retry and 400 to a conflicting reuse', async () => {
    const json = { appid: APPID, out_contract_code: uniqueId('retry_') };
    const target = '/v3/ecommerce/individual-contracts/pre-entrust-sign/app';
    const first = await send(config, 'POST', target, { json });
    expect((await send(config, 'POST', target, { json })).json).toEqual(first.json);
    const conflict = await send(config, 'POST', target, { json: { ...json, appid: 'wx1111111111111111' } });
    expect(conflict.status).toBe(400);
    expect(conflict.json.detail).toMatchObject({ field: '/out_contract_code' });
  });

  it('signs an app pre-sign through the HTTP hook, which picks an openid', async () => {
    const outContractCode = uniqueId('app_');
    await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign/app', { json: { appid: APPID, out_contract_code: outContractCode } });
    const hook = await fetch(new URL(`sandbox/contracts/${outContractCode}/sign`, config.base_uri), { method: 'POST' });
    expect(hook.status).toBe(200);
    const contract = (await hook.json()) as { openid: string; individual_auth_id: string };
    expect(contract.openid).toMatch(/^o[\w-]{27}$/);
    const status = await send(config, 'GET', contractTarget(contract.openid));
    expect(status.json).toMatchObject({ auth_state: 'AUTHORIZED', individual_auth_id: contract.individual_auth_id });
  });

  it('answers 404 NOT_FOUND for an unknown out_contract_code or another appid', async () => {
    expect((await send(config, 'GET', `/v3/ecommerce/individual-contracts/out-contract-code/nope?appid=${APPID}`)).status).toBe(404);
  });

  describe.each(['pubkey', 'cert'] as const)('real-name pre-sign in %s mode', (mode) => {
    const target = '/v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/mini-program';
    const bodyFor = (platformPem: string, name = '张三', credId = '110101199003070000') => ({
      appid: APPID,
      out_contract_code: uniqueId('realname_'),
      openid: SANDBOX_SEED.unauthorizedOpenid,
      real_name: encryptForPlatform(name, platformPem),
      cred_type: 'ID_CARD',
      cred_id: encryptForPlatform(credId, platformPem),
    });
    const setup = () => {
      const clientConfig = (mode === 'pubkey' ? sandbox : certSandbox).clientConfig();
      const [serial, platformPem] = Object.entries(clientConfig.certs)[0]!;
      return { clientConfig, serial, platformPem };
    };

    it('decrypts the fields encrypted for the key named by Wechatpay-Serial', async () => {
      const { clientConfig, serial, platformPem } = setup();
      const exchange = await send(clientConfig, 'POST', target, { json: bodyFor(platformPem), headers: { 'wechatpay-serial': serial } });
      expect(exchange.status).toBe(200);
      expect(exchange.json.pre_entrustweb_id).toMatch(/^1121_/);
      expect(verifyResponse(clientConfig, exchange)).toBe(true);
    });

    it('requires the Wechatpay-Serial header', async () => {
      const { clientConfig, platformPem } = setup();
      const exchange = await send(clientConfig, 'POST', target, { json: bodyFor(platformPem) });
      expect(exchange.status).toBe(400);
      expect(exchange.json.detail).toMatchObject({ field: 'Wechatpay-Serial', location: 'header' });
    });

    it('refuses ciphertext for another key, and plain text longer than 64 characters', async () => {
      const { clientConfig, serial, platformPem } = setup();
      const wrongKey = bodyFor(Object.values((mode === 'pubkey' ? certSandbox : sandbox).clientConfig().certs)[0]!);
      const undecryptable = await send(clientConfig, 'POST', target, { json: wrongKey, headers: { 'wechatpay-serial': serial } });
      expect(undecryptable.status).toBe(400);
      expect(undecryptable.json.detail).toMatchObject({ field: '/real_name', location: 'body' });

      const tooLong = await send(clientConfig, 'POST', target, {
        json: bodyFor(platformPem, '名'.repeat(65)),
        headers: { 'wechatpay-serial': serial },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.json.detail).toMatchObject({ field: '/real_name', issue: 'must be at most 64 characters' });
    });
  });

  it('accepts the real-name app variant (no openid)', async () => {
    const [serial, pem] = Object.entries(config.certs)[0]!;
    const exchange = await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/app', {
      json: { appid: APPID, out_contract_code: uniqueId('rnapp_'), real_name: encryptForPlatform('李四', pem), cred_type: 'ID_CARD', cred_id: encryptForPlatform('x'.repeat(18), pem) },
      headers: { 'wechatpay-serial': serial },
    });
    expect(exchange.status).toBe(200);
  });

  describe('combine orders', () => {
    it('accepts the app variant with the seeded authorized payee', async () => {
      const exchange = await send(config, 'POST', '/v3/combine-transactions/app', {
        json: { ...combineOrder(config.mchid, SANDBOX_SEED.authorizedIndividualAuthId), combine_payer_info: undefined },
      });
      expect(exchange.status).toBe(200);
    });

    it('refuses an individual_auth_id that is not authorized with 403 NO_AUTH', async () => {
      const exchange = await send(config, 'POST', '/v3/combine-transactions/miniprogram', { json: combineOrder(config.mchid, '999999999999') });
      expect(exchange.status).toBe(403);
      expect(exchange.json).toMatchObject({ code: 'NO_AUTH', detail: { field: '/sub_orders/0/individual_auth_id' } });
    });

    it('requires individual_auth_id on INDIVIDUALTRADE sub-orders', async () => {
      const json = combineOrder(config.mchid, '');
      delete (json.sub_orders[0] as { individual_auth_id?: string }).individual_auth_id;
      const exchange = await send(config, 'POST', '/v3/combine-transactions/miniprogram', { json });
      expect(exchange.status).toBe(400);
      expect(exchange.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/sub_orders/0/individual_auth_id', location: 'body' } });
    });

    it('refuses a combine_mchid that is not the signer’s', async () => {
      const exchange = await send(config, 'POST', '/v3/combine-transactions/miniprogram', {
        json: { ...combineOrder(config.mchid, SANDBOX_SEED.authorizedIndividualAuthId), combine_mchid: '1230000109' },
      });
      expect(exchange.status).toBe(400);
      expect(exchange.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/combine_mchid', value: '1230000109', location: 'body' } });
    });

    it('checks nested types: a string amount in a sub-order', async () => {
      const json = combineOrder(config.mchid, SANDBOX_SEED.authorizedIndividualAuthId);
      (json.sub_orders[0]!.amount as { total_amount: unknown }).total_amount = '100';
      const typed = await send(config, 'POST', '/v3/combine-transactions/miniprogram', { json });
      expect(typed.json.detail).toMatchObject({ field: '/sub_orders/0/amount/total_amount', value: '100', issue: 'must be an integer' });
    });
  });
});

function combineOrder(mchid: string, individualAuthId: string) {
  return {
    combine_appid: APPID,
    combine_mchid: mchid,
    combine_out_trade_no: uniqueId('C'),
    combine_payer_info: { openid: SANDBOX_SEED.unauthorizedOpenid },
    scene_info: { payer_client_ip: '127.0.0.1' },
    sub_orders: [
      {
        mchid,
        attach: 'sandbox',
        amount: { total_amount: 100, currency: 'CNY' },
        out_trade_no: uniqueId('S'),
        description: 'Second-hand book',
        order_service_type: 'INDIVIDUALTRADE',
        individual_auth_id: individualAuthId,
      },
    ],
    notify_url: 'https://example.com/notify',
    trade_scenario: 'RECOMMERCE',
  };
}
