import { AesGcm } from '../../lib/crypto/aes-gcm';
import { InvalidArgumentException } from '../../lib/errors';
import { Notification } from '../../lib/notify';
import { isLoopbackUrl, loopbackUrl, WECHATPAY_RETRY_SCHEDULE, type Notifier, type NotifierOptions } from '../../lib/sandbox/notifier';
import { notifierFor, notifyKeys, paidTransaction, successfulRefund, type NotifyKeys } from '../helpers/notify-keys';
import { startReceiver, type Receiver } from '../helpers/notify-receiver';

let k: NotifyKeys;
const cleanup: Array<{ stop?: () => Promise<void>; close?: () => Promise<void> }> = [];

beforeAll(async () => {
  k = await notifyKeys();
});
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => (c.stop ? c.stop() : c.close!())));
});

const notifier = (options: Partial<NotifierOptions> = {}): Notifier => {
  const n = notifierFor(k, 'publicKey', options);
  cleanup.push(n);
  return n;
};
const receiver = async (answer: Parameters<typeof startReceiver>[0]): Promise<Receiver> => {
  const r = await startReceiver(answer);
  cleanup.push(r);
  return r;
};
const spacing = (ats: readonly number[]) => ats.slice(1).map((at, i) => at - ats[i]!);

describe('Notifier', () => {
  it('sends the envelope of docs/protocol.md §5, encrypted and signed, that Notification.parse accepts', async () => {
    const r = await receiver(() => 204);
    const delivery = notifier().send({ url: r.url, eventType: 'REFUND.SUCCESS', resource: successfulRefund() });
    expect(await delivery.settled).toBe('delivered');

    const [request] = r.received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
    expect(request!.headers['wechatpay-serial']).toBe(k.publicKeyMode.id);
    expect(request!.headers['request-id']).toEqual(expect.any(String));
    const envelope = JSON.parse(request!.body.toString());
    expect(envelope).toEqual({
      id: delivery.id,
      create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      resource_type: 'encrypt-resource',
      event_type: 'REFUND.SUCCESS',
      summary: '退款成功',
      resource: { original_type: 'refund', algorithm: 'AEAD_AES_256_GCM', ciphertext: expect.any(String), associated_data: 'refund', nonce: expect.stringMatching(/^[0-9A-Za-z]{12}$/) },
    });
    const { resource } = envelope;
    expect(JSON.parse(AesGcm.decrypt(resource.ciphertext, k.apiv3Key, resource.nonce, 'refund'))).toEqual(successfulRefund());
    expect(Notification.parse({ headers: request!.headers, body: request!.body }, { certs: k.certs, apiv3Key: k.apiv3Key }).event.id).toBe(delivery.id);
  });

  it("follows WeChat Pay's schedule, compressed: a receiver failing 3 times gets attempts 15/15/30 (×0.01 → 150/150/300 ms) apart", async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 204));
    const delivery = notifier({ timeScale: 0.01 }).send({ url: r.url, eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
    expect(await delivery.settled).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 500, 204]);
    const gaps = spacing(delivery.attempts.map((a) => a.at));
    const expected = WECHATPAY_RETRY_SCHEDULE.slice(0, 3).map((s) => s * 1000 * 0.01);
    expect(expected).toEqual([150, 150, 300]);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i]! - 2); // timers never fire early (ms rounding aside)
      expect(gap).toBeLessThan(expected[i]! + 120); // a shared 2-core machine may be late
    });
    // Every retry is signed afresh: same body, new nonce.
    expect(new Set(r.received.map((q) => q.body.toString())).size).toBe(1);
    expect(new Set(r.received.map((q) => q.headers['wechatpay-nonce'])).size).toBe(4);
  });

  it('gives up after the schedule, recording timeouts and refused connections as errors', async () => {
    const hanging = await receiver(() => 'hang');
    const timedOut = notifier({ timeScale: 0.001, schedule: [15, 15], timeoutMs: 100 }).send({ url: hanging.url, eventType: 'TRANSACTION.SUCCESS', resource: {} });
    const closed = await startReceiver(() => 204);
    await closed.close();
    const refused = notifier({ timeScale: 0.001, schedule: [15, 15] }).send({ url: closed.url, eventType: 'TRANSACTION.SUCCESS', resource: {} });

    expect(await timedOut.settled).toBe('failed');
    expect(timedOut.attempts.map((a) => a.error)).toEqual(['timeout', 'timeout', 'timeout']);
    timedOut.attempts.forEach((a) => expect(a.durationMs).toBeGreaterThanOrEqual(95));
    expect(await refused.settled).toBe('failed');
    expect(refused.attempts.map((a) => a.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const elsewhere = await receiver(() => 204);
    const r = await receiver(() => ({ status: 302, headers: { Location: elsewhere.url } }));
    const delivery = notifier({ schedule: [] }).send({ url: r.url, eventType: 'TRANSACTION.SUCCESS', resource: {} });
    expect(await delivery.settled).toBe('failed');
    expect(delivery.attempts.map((a) => a.status)).toEqual([302]);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('stop() cancels pending retries at once', async () => {
    const r = await receiver(() => 503);
    const n = notifier(); // the real schedule: the next try would be in 15 s
    const delivery = n.send({ url: r.url, eventType: 'TRANSACTION.SUCCESS', resource: {} });
    while (delivery.attempts.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopping = Date.now();
    await n.stop();
    expect(await delivery.settled).toBe('stopped');
    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(r.received).toHaveLength(1);
    expect(() => n.send({ url: r.url, eventType: 'TRANSACTION.SUCCESS', resource: {} })).toThrow(/stopped/);
  });

  it('sends to loopback only', async () => {
    for (const url of ['http://127.0.0.1:1/', 'http://127.1.2.3/notify', 'https://localhost/notify', 'http://[::1]:8080/notify', 'http://0x7f.1/']) {
      expect(() => loopbackUrl(url)).not.toThrow();
      expect(isLoopbackUrl(url)).toBe(true);
    }
    const n = notifier();
    for (const url of [
      'https://api.mch.weixin.qq.com/notify',
      'http://10.0.0.1/notify',
      'http://192.168.1.1/notify',
      'http://0.0.0.0/notify',
      'http://[::2]/notify',
      'http://[::ffff:7f00:1]/notify',
      'http://127.0.0.1.nip.io/notify',
      'http://localhost.example.com/notify',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(() => n.send({ url, eventType: 'TRANSACTION.SUCCESS', resource: {} })).toThrow(InvalidArgumentException);
      expect(isLoopbackUrl(url)).toBe(false);
    }
    expect(n.deliveries).toHaveLength(0);
  });

  it('checks its own configuration', () => {
    expect(() => notifierFor(k, 'publicKey', { apiv3Key: 'short' })).toThrow(/32-byte/);
    expect(() => notifierFor(k, 'publicKey', { timeScale: 0 })).toThrow(/timeScale/);
    expect(() => notifierFor(k, 'publicKey', { privateKey: k.publicKeyMode.publicKey })).toThrow(InvalidArgumentException);
  });
});
