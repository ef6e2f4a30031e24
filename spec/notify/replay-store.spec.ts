import { InvalidArgumentException } from '../../lib/errors';
import { MemoryReplayStore, Notification, NotificationFailure, type ReplayStore } from '../../lib/notify';
import { notifierFor, notifyKeys, paidTransaction } from '../helpers/notify-keys';

describe('MemoryReplayStore', () => {
  it('remembers an id until its TTL ends, then accepts it again', () => {
    let now = 1_000_000;
    const store = new MemoryReplayStore({ now: () => now });
    expect(store.remember('a', 10)).toBe(true);
    expect(store.remember('a', 10)).toBe(false);
    now += 9_999;
    expect(store.remember('a', 10)).toBe(false);
    now += 1;
    expect(store.remember('a', 10)).toBe(true);
  });

  it('stays within its size bound, dropping the oldest claims first', () => {
    const store = new MemoryReplayStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) expect(store.remember(id, 60)).toBe(true);
    expect(store.size).toBe(3);
    expect(store.remember('a', 60)).toBe(true); // dropped, so accepted again
    expect(store.remember('d', 60)).toBe(false);
  });

  it('sweeps expired claims as new ones arrive', () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    for (let i = 0; i < 100; i++) store.remember(`old-${i}`, 1);
    now += 1_000;
    store.remember('new', 1);
    expect(store.size).toBe(1);
  });

  it('refuses a useless bound', () => {
    expect(() => new MemoryReplayStore({ maxEntries: 0 })).toThrow(InvalidArgumentException);
  });
});

describe('a store that answers with Promises (the shape of a Redis store)', () => {
  /** SET NX EX / DEL semantics over a Map, answering a tick later as a network store would. */
  class TickStore implements ReplayStore {
    readonly ids = new Map<string, number>();
    readonly calls: string[] = [];
    async remember(id: string, ttlSeconds: number): Promise<boolean> {
      this.calls.push('remember');
      await new Promise((resolve) => setImmediate(resolve));
      if (this.ids.has(id)) return false;
      this.ids.set(id, ttlSeconds);
      return true;
    }
    async forget(id: string): Promise<void> {
      this.calls.push('forget');
      await new Promise((resolve) => setImmediate(resolve));
      this.ids.delete(id);
    }
  }

  it('works with parseAsync, with the default TTL of 25 h', async () => {
    const k = await notifyKeys();
    const notifier = notifierFor(k, 'certificate');
    const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
    await notifier.stop();
    const replay = new TickStore();
    const options = { certs: k.certs, apiv3Key: k.apiv3Key, replay };
    await Notification.parseAsync(built, options);
    expect(replay.ids.get(built.id)).toBe(25 * 3600);
    await expect(Notification.parseAsync(built, options)).rejects.toMatchObject({ code: NotificationFailure.DUPLICATE });
  });

  it('is refused by the synchronous parse, which gives back the claim it could not wait for', async () => {
    const k = await notifyKeys();
    const notifier = notifierFor(k, 'certificate');
    const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
    await notifier.stop();
    const replay = new TickStore();
    expect(() => Notification.parse(built, { certs: k.certs, apiv3Key: k.apiv3Key, replay })).toThrow(/parseAsync/);
    // The store answers a loop turn later, so the claim comes back a few turns on: wait turns, not a time (a
    // 20 ms timer could fire first on a loaded machine, before the turn that gives the claim back).
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(replay.calls).toEqual(['remember', 'forget']);
    expect(replay.ids.size).toBe(0);
  });
});
