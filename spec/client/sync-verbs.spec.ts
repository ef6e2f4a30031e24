/**
 * Synchronous verbs at the client level: a server that never answers ends in a timeout
 * ConnectException (and the next call is fine), every verb is there, and a script that makes a
 * synchronous call exits by itself afterwards.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Builder, closeSyncBridge, ConnectException, type BuilderChainable } from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
let server: V3Server;
let instance: BuilderChainable;

beforeAll(async () => {
  server = await startV3Server('cert');
  instance = Builder.factory(server.config);
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});

it('a server that never answers ends in a timeout ConnectException, and the next call succeeds', async () => {
  await server.scenario({ name: 'never' });
  const started = process.hrtime.bigint();
  let error: unknown;
  try {
    instance.v3.ecommerce.individualContracts._openid_.get({ ...options, timeout: 1 });
  } catch (e) {
    error = e;
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  expect(error).toBeInstanceOf(ConnectException);
  expect((error as ConnectException).code).toBe('ERR_WECHATPAY_TIMEOUT');
  expect((error as ConnectException).getRequest()?.getRequestTarget()).toContain('/v3/ecommerce/individual-contracts/');
  expect(elapsedMs).toBeGreaterThanOrEqual(900);
  expect(elapsedMs).toBeLessThan(5000);
  await server.scenario({ name: 'ok' });
  expect(instance.v3.ecommerce.individualContracts._openid_.get(options).status).toBe(200);
});

it.each(['post', 'put', 'patch', 'delete'] as const)('%s() sends a signed request with its JSON body', async (verb) => {
  const response = instance.v3.anything.chain('{id}')[verb]({ id: 'x 1', json: { a: '你好' } });
  expect(response.json()).toEqual({ method: verb.toUpperCase(), target: '/v3/anything/x%201', body: '{"a":"你好"}', contentType: 'application/json' });
  const [seen] = await server.requests();
  expect(seen!.authorization).toBe('ok');
});

it('a script that made a synchronous call exits by itself', () => {
  const script = `
    const { Builder } = require('./lib');
    const i = Builder.factory(${JSON.stringify(server.config)});
    const r = i.v3.ecommerce.individualContracts._openid_.get(${JSON.stringify(options)});
    console.log(r.status, r.json().auth_state);
  `;
  const started = Date.now();
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8', timeout: 20_000 });
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe('200 AUTHORIZED');
  expect(run.status).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
});
