/**
 * RedisStore against a real redis-server: the key/value side (what certificate managers share) and the
 * replay side (what notification handlers share), each seen from two connections, as two app servers would.
 */
import Redis from 'ioredis';
import { closeSyncBridge } from '../../lib';
import { CertificateManager } from '../../lib/certificates';
import { InvalidArgumentException } from '../../lib/errors';
import { Notification, NotificationError, NotificationFailure } from '../../lib/notify';
import { generateSandboxKeys, Sandbox } from '../../lib/sandbox';
import { RedisStore } from '../../lib/stores';
import { notifierFor, notifyKeys, paidTransaction } from '../helpers/notify-keys';
import { redisServerBinary, startRedisServer, type RedisServer } from '../helpers/redis';

const binary = redisServerBinary();
// CI installs redis-server (.ci/run): there a missing binary must fail these specs, never skip them.
const describeRedis = binary || process.env.CI ? describe : describe.skip;
const title = binary ? 'RedisStore' : 'RedisStore (SKIPPED: no redis-server on PATH; install it, e.g. apt-get install redis-server)';

it('without url or client, or with both, it says what it needs', () => {
  expect(() => new RedisStore({})).toThrow(InvalidArgumentException);
  expect(() => new RedisStore({ url: 'redis://127.0.0.1:1', client: {} as never })).toThrow(/`client` or `url`, not both/);
});

it('names the missing optional peer dependency', () => {
  jest.isolateModules(() => {
    jest.doMock('ioredis', () => {
      throw Object.assign(new Error("Cannot find module 'ioredis'"), { code: 'MODULE_NOT_FOUND' });
    });
    const { RedisStore: Isolated } = require('../../lib/stores') as typeof import('../../lib/stores');
    expect(() => new Isolated({ url: 'redis://127.0.0.1:1' })).toThrow(/optional peer dependency `ioredis`.*npm install ioredis/);
  });
  jest.dontMock('ioredis');
});

describeRedis(title, () => {
  let server: RedisServer;
  const stores: RedisStore[] = [];
  const open = (prefix?: string): RedisStore => {
    const store = new RedisStore({ url: server.url, ...(prefix ? { prefix } : {}) });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startRedisServer(binary!);
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
    closeSyncBridge();
  });

  it('stores, expires and deletes values, seen from another connection', async () => {
    const [a, b] = [open(), open()];
    await a.set('k', 'v');
    expect(await b.get('k')).toBe('v');
    await a.set('short', 'lived', 0.8);
    expect(await b.get('short')).toBe('lived');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await b.get('short')).toBeUndefined();
    await b.delete('k');
    expect(await a.get('k')).toBeUndefined();
  });

  it('keeps prefixes apart', async () => {
    await open('tenant-a:').set('k', 'a');
    expect(await open('tenant-b:').get('k')).toBeUndefined();
  });

  it('a replay claim is taken exactly once across connections, and forget gives it back', async () => {
    const [a, b] = [open(), open()];
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).remember('EV-1', 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a.forget('EV-1');
    expect(await b.remember('EV-1', 60)).toBe(true);
  });

  it('serves as the notification replay guard: the second app server sees a duplicate', async () => {
    const keys = await notifyKeys();
    const notifier = notifierFor(keys, 'publicKey');
    try {
      const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
      const incoming = { headers: built.headers, body: built.body };
      const first = await Notification.parseAsync(incoming, { certs: keys.certs, apiv3Key: keys.apiv3Key, replay: open() });
      expect(first.event.id).toBe(built.id);
      const again = await Notification.parseAsync(incoming, { certs: keys.certs, apiv3Key: keys.apiv3Key, replay: open() }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(NotificationError);
      expect((again as NotificationError).code).toBe(NotificationFailure.DUPLICATE);
    } finally {
      await notifier.stop();
    }
  });

  it('lets a fleet share one certificate download', async () => {
    const sandbox = await Sandbox.start({ mode: 'cert', keys: await generateSandboxKeys() });
    const options = {
      mchid: sandbox.mchid,
      serial: sandbox.merchantSerial,
      privateKey: sandbox.merchantPrivateKeyPem,
      apiv3Key: sandbox.apiv3Key,
      base_uri: sandbox.baseUri,
    };
    const first = await CertificateManager.create({ ...options, store: open() });
    const second = await CertificateManager.create({ ...options, store: open() });
    try {
      expect([first.downloads, second.downloads]).toEqual([1, 0]);
      expect(second.serials()).toEqual([sandbox.platformSerial]);
    } finally {
      await Promise.all([first.close(), second.close(), sandbox.stop()]);
    }
  });

  it('takes a client you built (yours to close)', async () => {
    const client = new Redis(server.url);
    try {
      const store = new RedisStore({ client });
      await store.set('mine', '1');
      await store.close();
      expect(await client.get('wechatpay-ts:mine')).toBe('1');
    } finally {
      await client.quit();
    }
  });
});
