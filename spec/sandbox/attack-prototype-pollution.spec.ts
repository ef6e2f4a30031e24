/**
 * Attack: ids that name `Object.prototype`'s members. `POST /sandbox/contracts/__proto__/sign` used to
 * write `openid` and `signed_time` onto `Object.prototype`, after which an application nobody signed read
 * AUTHORIZED; orders named `__proto__` or `constructor` found the prototype as a record. State tables are
 * null-prototype now and hook ids are checked, so these names are ordinary (or refused) ids.
 */
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { uniqueId } from '../helpers/sandbox-fields';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { send, type WireConfig } from '../helpers/sandbox-wire';

const APPID = SANDBOX_SEED.appid;
const hook = (config: WireConfig, path: string, body?: unknown) =>
  fetch(new URL(path, config.base_uri), { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe.each(['worker', 'main'] as const)('sandbox ids that name prototype members (%s thread)', (thread) => {
  let sandbox: Sandbox;
  let config: WireConfig;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread });
    config = sandbox.clientConfig();
  });
  afterAll(() => sandbox?.stop());

  it('signing the contract "__proto__" leaves an unsigned application UNAUTHORIZED', async () => {
    const outContractCode = uniqueId('PROTO');
    const preSign = await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign/app', {
      json: { appid: APPID, out_contract_code: outContractCode },
    });
    expect(preSign.status).toBe(200);

    for (const id of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', '__proto__%2Fx']) {
      const answer = await hook(config, `sandbox/contracts/${id}/sign`, { openid: 'oAttacker' });
      expect(answer.status).toBeLessThan(500);
    }

    const query = await send(config, 'GET', `/v3/ecommerce/individual-contracts/out-contract-code/${outContractCode}?appid=${APPID}`);
    expect(query.status).toBe(200);
    expect(query.json.auth_state).toBe('UNAUTHORIZED');
    expect(query.json.individual_openid).toBeUndefined();
    if (thread === 'main') {
      expect(Object.prototype).not.toHaveProperty('openid');
      expect(Object.prototype).not.toHaveProperty('signed_time');
    }
  });

  it.each(['__proto__', 'constructor', 'toString', 'valueOf'])('an order named %s is an order that does not exist', async (outTradeNo) => {
    const pay = await hook(config, `sandbox/orders/${outTradeNo}/pay`);
    expect(pay.status).toBe(400);
    expect(((await pay.json()) as { message: string }).message).toContain(`No order with out_trade_no ${outTradeNo}`);

    const query = await send(config, 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${config.mchid}`);
    expect(query.status).toBe(404);
    expect(query.json.code).toBe('ORDER_NOT_EXIST');
    if (thread === 'main') expect(Object.prototype).not.toHaveProperty('trade_state');
  });

  it.each(['..%2F..%2Fetc', '%00', 'a%20b', 'x'.repeat(65), '%E0%A4%A'])('refuses the hook id %s with 400, naming the problem', async (id) => {
    const answer = await hook(config, `sandbox/orders/${id}/pay`);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toMatch(/id/);
  });
});
