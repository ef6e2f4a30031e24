/**
 * Many merchants in one process: every request is still signed (the server checks each signature) while
 * the process keeps only a bounded number of parsed private keys; merchants configured with the same public
 * key share one KeyObject; all of them share one connection pool; and a client the user asked for with
 * select() keeps the changes made to its stack.
 */
import { Builder, closeSyncBridge, InvalidArgumentException, Middleware, type BuilderChainable } from '../../lib';
import { DEFAULT_PARSED_KEYS, MerchantKey } from '../../lib/keys/merchant-key';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
const seed = (instance: BuilderChainable) => instance.v3.ecommerce.individualContracts._openid_.getAsync(SEED);

let server: V3Server;
let merchants: BuilderChainable[];

beforeAll(async () => {
  server = await startV3Server('pubkey', { keepAliveTimeoutMs: 60_000 });
}, 60_000);
afterAll(async () => {
  MerchantKey.capacity = DEFAULT_PARSED_KEYS;
  await Promise.all(merchants.map((m) => m.getDriver().close()));
  closeSyncBridge();
  await server.close();
});

it('signs every request while keeping at most `MerchantKey.capacity` private keys parsed', async () => {
  MerchantKey.capacity = 2;
  // Each merchant reads the key texts itself, as a process loading its merchants from a database does.
  merchants = Array.from({ length: 5 }, (_, i) => Builder.factory({ ...server.config, serial: (0x5000 + i).toString(16).toUpperCase().padStart(40, '0'), certs: { ...server.config.certs } }));
  await server.requests();
  const keyOf = (m: BuilderChainable) => m.getDriver().config.apiv3!.privateKey;
  expect(MerchantKey.parsedCount).toBe(0);
  expect(merchants.map((m) => keyOf(m).isParsed)).toEqual([false, false, false, false, false]);

  for (const merchant of merchants) {
    // The first call signs with a key that is not kept; a second call soon after keeps it parsed.
    expect((await seed(merchant)).getStatusCode()).toBe(200);
    expect(keyOf(merchant).isParsed).toBe(false);
    expect((await seed(merchant)).getStatusCode()).toBe(200);
    expect(keyOf(merchant).isParsed).toBe(true);
    expect(MerchantKey.parsedCount).toBeLessThanOrEqual(2);
  }
  const seen = await server.requests();
  expect(seen).toHaveLength(10);
  expect(seen.map((r) => r.authorization)).toEqual(Array(10).fill('ok'));
  // One shared pool: ten calls from five merchants, one after another, reuse its kept-alive connection.
  expect(new Set(seen.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
  expect(merchants.map((m) => keyOf(m).isParsed)).toEqual([false, false, false, true, true]);
}, 60_000);

it('a busy merchant keeps its parsed key however often it calls', async () => {
  const busy = merchants[4]!;
  const parsed = busy.getDriver().config.apiv3!.privateKey.use();
  for (let i = 0; i < 3; i++) await seed(busy);
  expect(busy.getDriver().config.apiv3!.privateKey.use()).toBe(parsed);
  expect((await server.requests()).every((r) => r.authorization === 'ok')).toBe(true);
});

it('merchants configured with the same public key text share one KeyObject', () => {
  const [serial] = Object.keys(server.config.certs as object);
  const keys = merchants.map((m) => m.getDriver().config.apiv3!.certs.get(serial!));
  expect(keys[0]).toBeDefined();
  expect(new Set(keys).size).toBe(1);
});

it('a bad private key still fails at Builder.factory, naming the field', () => {
  const broken = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
  expect(() => Builder.factory({ ...server.config, privateKey: broken })).toThrow(InvalidArgumentException);
  expect(() => Builder.factory({ ...server.config, privateKey: broken })).toThrow(/`privateKey`/);
});

it('a stack the user changed through select() keeps the change across calls of other merchants', async () => {
  const [mine, ...others] = merchants as [BuilderChainable, ...BuilderChainable[]];
  let seenByMine = 0;
  mine.getDriver().select().handler.push(Middleware.mapRequest((request) => ((seenByMine += 1), request)), 'count');
  await seed(mine);
  for (const other of others) await seed(other);
  await seed(mine);
  expect(seenByMine).toBe(2);
  expect((await server.requests()).every((r) => r.authorization === 'ok')).toBe(true);
});
