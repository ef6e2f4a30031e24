/**
 * The promise verbs pick where a signature is made by load: a request alone signs on this thread (no
 * thread-pool hop); overlapping requests sign on libuv's pool. Responses are verified on this thread
 * either way. Every request is really signed (the server checks) and every response really verified.
 */
import { Builder, closeSyncBridge, Rsa, type BuilderChainable } from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };

let server: V3Server;
let instance: BuilderChainable;

beforeAll(async () => {
  server = await startV3Server('pubkey');
  instance = Builder.factory(server.config);
}, 60_000);
afterAll(async () => {
  await instance.getDriver().close();
  closeSyncBridge();
  await server.close();
});
afterEach(() => jest.restoreAllMocks());

const seed = () => instance.v3.ecommerce.individualContracts._openid_.getAsync(SEED);

/** Signing on the pool is `Rsa.signThen` (`signAsync` runs through it too), signing inline `Rsa.sign`. */
function watchRsa() {
  return { sign: jest.spyOn(Rsa, 'sign'), signAsync: jest.spyOn(Rsa, 'signThen'), verify: jest.spyOn(Rsa, 'verify'), verifyAsync: jest.spyOn(Rsa, 'verifyAsync') };
}

it('one request at a time: signed and verified inline', async () => {
  await server.requests();
  const rsa = watchRsa();
  for (let i = 0; i < 3; i++) expect((await seed()).json()).toMatchObject({ auth_state: 'AUTHORIZED' });
  expect(rsa.sign).toHaveBeenCalledTimes(3);
  expect(rsa.verify).toHaveBeenCalledTimes(3);
  expect(rsa.signAsync).not.toHaveBeenCalled();
  expect(rsa.verifyAsync).not.toHaveBeenCalled();
  expect((await server.requests()).map((r) => r.authorization)).toEqual(['ok', 'ok', 'ok']);
});

it('overlapping requests: the first signs inline, the others on the thread pool; every answer is verified inline', async () => {
  await server.requests();
  const rsa = watchRsa();
  const answers = await Promise.all(Array.from({ length: 8 }, seed));
  expect(answers.every((a) => a.json<{ auth_state: string }>().auth_state === 'AUTHORIZED')).toBe(true);
  expect(rsa.sign).toHaveBeenCalledTimes(1);
  expect(rsa.signAsync).toHaveBeenCalledTimes(7);
  // Every response is verified, on this thread: a verification costs less than a trip to the pool.
  expect(rsa.verify).toHaveBeenCalledTimes(8);
  expect(rsa.verifyAsync).not.toHaveBeenCalled();
  expect((await server.requests()).every((r) => r.authorization === 'ok')).toBe(true);
});

it('a tampered response is rejected on either path', async () => {
  await server.scenario({ name: 'tamper' });
  await expect(seed()).rejects.toMatchObject({ code: 'ERR_WECHATPAY_SIGNATURE_MISMATCH' });
  await expect(Promise.all(Array.from({ length: 4 }, seed))).rejects.toMatchObject({ code: 'ERR_WECHATPAY_SIGNATURE_MISMATCH' });
  await server.scenario({ name: 'ok' });
});
