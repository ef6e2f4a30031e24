/**
 * Attack: a signed JSON body nested thousands deep. It parsed, then overflowed the stack while the error
 * reply echoing it was serialised, outside the request's try: the CLI process exited with code 1 and a
 * worker-mode sandbox lost its thread, after which `stop()` never settled. Bodies deeper than the bound
 * now answer WeChat Pay's 400 PARAM_ERROR, and nothing a request provokes ends the sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { MAX_JSON_DEPTH } from '../../lib/sandbox/json-depth';
import { uniqueId } from '../helpers/sandbox-fields';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { startSandboxProcess } from '../helpers/sandbox-process';
import { send, type WireConfig } from '../helpers/sandbox-wire';

/** A JSAPI order whose `attach` nests `depth` arrays. */
function deepOrder(config: WireConfig, depth: number): string {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return (
    `{"appid":"${SANDBOX_SEED.appid}","mchid":"${config.mchid}","description":"deep","out_trade_no":"${uniqueId('DEEP')}",` +
    `"notify_url":"https://example.com/n","amount":{"total":1},"payer":{"openid":"oDeep"},"attach":${nested}}`
  );
}

const sendDeep = (config: WireConfig, depth: number) =>
  send(config, 'POST', '/v3/pay/transactions/jsapi', { body: deepOrder(config, depth), headers: { 'content-type': 'application/json' } });

/** Resolves with how `promise` settled, or 'pending' after `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> =>
  Promise.race([promise.then(() => 'settled' as const), new Promise<'pending'>((done) => setTimeout(() => done('pending'), ms).unref())]);

describe.each(['worker', 'main'] as const)('deep JSON bodies (%s thread)', (thread) => {
  it.each([5_000, 20_000, 200_000])('answers 400 PARAM_ERROR to a signed body nested %i deep, keeps serving, and stops', async (depth) => {
    const sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread });
    const config = sandbox.clientConfig();
    try {
      const deep = await sendDeep(config, depth);
      expect(deep.status).toBe(400);
      expect(deep.json).toMatchObject({ code: 'PARAM_ERROR', message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH}`) });

      const hook = await fetch(new URL(`sandbox/orders/x/pay`, config.base_uri), { method: 'POST', body: '['.repeat(depth) });
      expect(hook.status).toBe(400);

      const seed = await send(config, 'GET', `/v3/ecommerce/individual-contracts/${SANDBOX_SEED.authorizedOpenid}?appid=${SANDBOX_SEED.appid}&permission_type=INDIVIDUAL_PAYEE`);
      expect(seed.json.auth_state).toBe('AUTHORIZED');
    } finally {
      expect(await settlesWithin(sandbox.stop(), 20_000)).toBe('settled');
    }
  }, 60_000);

  it(`still accepts a body nested ${MAX_JSON_DEPTH} deep (the bound is not an off-by-one)`, async () => {
    const sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread });
    try {
      // attach must be a string, so an array at the bound is a field error, not a depth error.
      const answer = await sendDeep(sandbox.clientConfig(), MAX_JSON_DEPTH - 1);
      expect(answer.status).toBe(400);
      expect(answer.json.message).not.toContain('deeper than');
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});

describe('the sandbox CLI process under a deep body', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wechatpay-deep-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps running, answers 400, and exits 0 on SIGTERM', async () => {
    const child = await startSandboxProcess(dir);
    const exit = child.exit;
    const sandbox = await Sandbox.start({ keys: await sandboxKeys(), thread: 'main' });
    const config = { ...sandbox.clientConfig(), base_uri: child.baseUri };
    await sandbox.stop();

    const deep = await sendDeep(config, 5_000);
    expect(deep.status).toBe(400);
    expect(await settlesWithin(exit, 500)).toBe('pending');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000);
});
