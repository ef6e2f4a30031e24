/**
 * The sandbox's Notifier POSTs real notifications over HTTP on 127.0.0.1 to each example server
 * (node:http, Express, Fastify); every outcome is checked on the wire (the status the example answered,
 * as recorded by the Notifier) and in the handler (the error code, whether the order was processed).
 */
import { NotificationFailure, MemoryReplayStore, type HandledNotification, type ParsedNotification } from '../../lib/notify';
import type { Notifier, NotifierOptions } from '../../lib/sandbox/notifier';
import type { NotifyServer, StartNotifyServer } from '../../examples/notify-setup';
import { start as startHttp } from '../../examples/notify-http';
import { start as startExpress } from '../../examples/notify-express';
import { start as startFastify } from '../../examples/notify-fastify';
import { notifierFor, notifyKeys, paidTransaction, randomApiv3Key, successfulRefund, type Mode, type NotifyKeys } from '../helpers/notify-keys';

const servers: Array<[string, StartNotifyServer]> = [
  ['node:http', startHttp],
  ['Express', startExpress],
  ['Fastify', startFastify],
];

describe.each(servers)('examples: %s', (_name, start) => {
  let k: NotifyKeys;
  let server: NotifyServer;
  let processed: ParsedNotification[];
  let answers: HandledNotification[];
  let failProcessing: number;
  const notifiers: Notifier[] = [];

  beforeAll(async () => {
    k = await notifyKeys();
    server = await start({
      certs: k.certs,
      apiv3Key: k.apiv3Key,
      replay: new MemoryReplayStore(),
      onNotification: (notification) => {
        if (failProcessing > 0) {
          failProcessing--;
          throw new Error('the order database is down');
        }
        processed.push(notification);
      },
      onAnswer: (answer) => answers.push(answer),
    });
  });
  beforeEach(() => {
    processed = [];
    answers = [];
    failProcessing = 0;
  });
  afterAll(async () => {
    await Promise.all(notifiers.map((n) => n.stop()));
    await server.close();
  });

  /** One attempt only (no retries) unless a schedule is given. */
  const notifier = (mode: Mode, options: Partial<NotifierOptions> = {}): Notifier => {
    const n = notifierFor(k, mode, { schedule: [], ...options });
    notifiers.push(n);
    return n;
  };

  const codes = () => answers.map((a) => (a.error as { code?: string } | undefined)?.code);

  it.each(['publicKey', 'certificate'] as const)('accepts a payment notification signed in %s mode', async (mode) => {
    const delivery = notifier(mode).send({ url: server.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction('T-http') });
    expect(await delivery.settled).toBe('delivered');
    expect(delivery.attempts).toEqual([{ at: expect.any(Number), status: 204, durationMs: expect.any(Number) }]);
    expect(processed).toHaveLength(1);
    expect(processed[0]!.event).toMatchObject({ id: delivery.id, event_type: 'TRANSACTION.SUCCESS', summary: '支付成功' });
    expect(processed[0]!.resource).toEqual(paidTransaction('T-http'));
  });

  it('accepts a refund notification', async () => {
    const delivery = notifier('publicKey').send({ url: server.url, eventType: 'REFUND.SUCCESS', resource: successfulRefund('R-http') });
    expect(await delivery.settled).toBe('delivered');
    expect(processed[0]!.resource).toEqual(successfulRefund('R-http'));
  });

  const rejected: Array<[string, () => Notifier, Partial<{ tamper: boolean; probe: boolean }>, number, string]> = [
    ['a tampered body', () => notifier('publicKey'), { tamper: true }, 401, NotificationFailure.SIGNATURE],
    ['a stale timestamp', () => notifier('publicKey', { now: () => Math.floor(Date.now() / 1000) - 400 }), {}, 401, NotificationFailure.CLOCK],
    ['an unknown serial', () => notifier('publicKey', { serial: 'PUB_KEY_ID_0114232134912410000000000000ABCD' }), {}, 401, NotificationFailure.SERIAL],
    ['a probe signature', () => notifier('certificate'), { probe: true }, 401, NotificationFailure.PROBE],
    ['a wrong APIv3 key', () => notifier('publicKey', { apiv3Key: randomApiv3Key() }), {}, 500, NotificationFailure.DECRYPT],
  ];

  it.each(rejected)('refuses %s with its own outcome, and WeChat Pay would retry', async (_case, make, faults, status, code) => {
    const delivery = make().send({ url: server.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), ...faults });
    expect(await delivery.settled).toBe('failed');
    expect(delivery.attempts.map((a) => a.status)).toEqual([status]);
    expect(codes()).toEqual([code]);
    expect(processed).toHaveLength(0);
  });

  it('answers a replayed id with success without processing it again', async () => {
    const sender = notifier('publicKey');
    const first = sender.send({ url: server.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), id: 'EV-replayed-' + _name });
    expect(await first.settled).toBe('delivered');
    const again = sender.send({ url: server.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), id: 'EV-replayed-' + _name });
    expect(await again.settled).toBe('delivered');
    expect(again.attempts.map((a) => a.status)).toEqual([204]);
    expect(codes()).toEqual([undefined, NotificationFailure.DUPLICATE]);
    expect(processed).toHaveLength(1);
  });

  it('answers failure when processing throws, and processes the retry (the replay claim was given back)', async () => {
    failProcessing = 1;
    const delivery = notifier('publicKey', { schedule: [15], timeScale: 0.001 }).send({ url: server.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
    expect(await delivery.settled).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 204]);
    expect((answers[0]!.error as Error).message).toBe('the order database is down');
    expect(processed.map((n) => n.event.id)).toEqual([delivery.id]);
  });
});
