/**
 * Clients that connect alike share one keep-alive pool, so thousands of merchants in one process do not
 * open a pool each: the server sees their requests arrive over one connection. Closing gives the pool back;
 * the last client to close closes it.
 */
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
const seed = (instance: BuilderChainable) => instance.v3.ecommerce.individualContracts._openid_.getAsync(SEED);

let server: V3Server;

beforeAll(async () => {
  // Idle connections are kept long enough for a slow machine to reuse them between calls.
  server = await startV3Server('pubkey', { keepAliveTimeoutMs: 60_000 });
}, 60_000);
afterAll(async () => {
  closeSyncBridge();
  await server.close();
});
beforeEach(() => server.requests());

async function ports(): Promise<number[]> {
  const seen = await server.requests();
  expect(seen.every((r) => r.authorization === 'ok')).toBe(true);
  return seen.map((r) => r.remotePort);
}

it('merchants with the same connection settings share connections', async () => {
  const merchants = Array.from({ length: 6 }, () => Builder.factory(server.config));
  for (const merchant of merchants) expect((await seed(merchant)).getStatusCode()).toBe(200);
  // Six pools would be six connections; one shared pool reuses its idle one (undici may add a second when
  // the next call comes before the last one's socket is free again).
  expect(new Set(await ports()).size).toBeLessThanOrEqual(2);
  await Promise.all(merchants.map((m) => m.getDriver().close()));
});

it('other connection settings get a pool of their own', async () => {
  const a = Builder.factory(server.config);
  const b = Builder.factory({ ...server.config, connect_timeout: 4_321 });
  await seed(a);
  await seed(b);
  expect(new Set(await ports()).size).toBe(2);
  await a.getDriver().close();
  await b.getDriver().close();
});

it('closing one client leaves the others their pool; after the last close a new call connects afresh', async () => {
  const a = Builder.factory(server.config);
  const b = Builder.factory(server.config);
  await seed(a);
  await seed(b);
  const before = new Set(await ports());
  await a.getDriver().close();
  expect((await seed(b)).getStatusCode()).toBe(200);
  expect(before.has((await ports())[0]!)).toBe(true);

  await b.getDriver().close();
  expect((await seed(a)).getStatusCode()).toBe(200);
  expect(before.has((await ports())[0]!)).toBe(false);
  await a.getDriver().close();
});
