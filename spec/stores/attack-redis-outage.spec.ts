/**
 * Attack (or plain bad luck): Redis goes down. With ioredis's defaults a notification took 73 s, then
 * 107 s, to be answered 500, and CertificateManager.create was still pending after 25 s. A store made
 * from a URL now fails fast: the outage surfaces within a few seconds, the notification is answered
 * 500 (so WeChat Pay retries it) and is never processed, and it is processed once Redis is back.
 */
import Redis from 'ioredis';
import { closeSyncBridge } from '../../lib';
import { Notification } from '../../lib/notify';
import { RedisStore } from '../../lib/stores';
import { notifierFor, notifyKeys, paidTransaction } from '../helpers/notify-keys';
import { redisServerBinary, startRedisServer, type RedisServer } from '../helpers/redis';

const binary = redisServerBinary();
// CI installs redis-server (.ci/run): there a missing binary must fail these specs, never skip them.
const describeRedis = binary || process.env.CI ? describe : describe.skip;

/** Milliseconds `promise` took to settle, and how. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describeRedis('a Redis outage (attack: stall the fleet)', () => {
  let server: RedisServer;
  let store: RedisStore;

  beforeAll(async () => {
    server = await startRedisServer(binary!);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    closeSyncBridge();
  });

  it('answers a notification 500 within seconds, never processes it, and processes it once Redis is back', async () => {
    store = new RedisStore({ url: server.url });
    await store.set('warm', '1'); // connected before the outage, as a running app server is
    const port = server.port;
    await server.stop();

    const keys = await notifyKeys();
    const notifier = notifierFor(keys, 'publicKey');
    try {
      const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
      const incoming = { headers: built.headers, body: built.body };
      const processed: string[] = [];
      const process = (notification: { event: { id: string } }) => void processed.push(notification.event.id);

      const during = await timed(Notification.handle(incoming, { certs: keys.certs, apiv3Key: keys.apiv3Key, replay: store }, process));
      expect(during.value?.status).toBe(500);
      expect(during.ms).toBeLessThan(8_000);
      expect(processed).toEqual([]);

      const get = await timed(store.get('warm'));
      expect(get.error).toBeInstanceOf(Error);
      expect(get.ms).toBeLessThan(8_000);

      // Redis returns on the same port: WeChat Pay's retry is processed, once.
      server = await startRedisServer(binary!, port);
      const retry = await Notification.handle(incoming, { certs: keys.certs, apiv3Key: keys.apiv3Key, replay: store }, process);
      expect(retry.status).toBe(204);
      const duplicate = await Notification.handle(incoming, { certs: keys.certs, apiv3Key: keys.apiv3Key, replay: store }, process);
      expect(duplicate.status).toBe(204);
      expect(processed).toEqual([built.id]);
    } finally {
      await notifier.stop();
    }
  }, 60_000);

  it('a store made while Redis is down reports it within seconds', async () => {
    const down = new RedisStore({ url: 'redis://127.0.0.1:1/0' });
    try {
      const claim = await timed(down.remember('EV-DOWN', 60));
      expect(claim.error).toBeInstanceOf(Error);
      expect(claim.ms).toBeLessThan(8_000);
    } finally {
      await down.close();
    }
  }, 30_000);

  it('many commands during an outage share one wait for the connection: no listener piles up per command', async () => {
    // Counted on ioredis's own class, which also listens for `ready` itself: one command is the baseline.
    const once = jest.spyOn(Redis.prototype, 'once');
    const readyListenersFor = async (commands: number) => {
      once.mockClear();
      const down = new RedisStore({ url: 'redis://127.0.0.1:1/0' });
      try {
        const claims = await Promise.all(Array.from({ length: commands }, (_, i) => timed(down.remember(`EV-MANY-${i}`, 60))));
        expect(claims.every((claim) => claim.error instanceof Error)).toBe(true);
        expect(Math.max(...claims.map((claim) => claim.ms))).toBeLessThan(8_000);
        return once.mock.calls.filter(([event]) => event === 'ready').length;
      } finally {
        await down.close();
      }
    };
    try {
      const one = await readyListenersFor(1);
      expect(one).toBeGreaterThan(0);
      expect(await readyListenersFor(50)).toBe(one);
    } finally {
      once.mockRestore();
    }
  }, 30_000);
});
