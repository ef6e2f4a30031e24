import { createCipheriv, createPublicKey, randomBytes, sign } from 'node:crypto';
import { Headers as MessageHeaders } from '../../lib/message/headers';
import { CertificateStore } from '../../lib/keys/certificate-store';
import { InvalidArgumentException, TransferException } from '../../lib/errors';
import {
  MemoryReplayStore,
  Notification,
  NotificationError,
  NotificationFailure,
  type NotificationOptions,
  type ParsedNotification,
} from '../../lib/notify';
import type { Notifier } from '../../lib/sandbox/notifier';
import { notifierFor, notifyKeys, paidTransaction, randomApiv3Key, successfulRefund, type NotifyKeys } from '../helpers/notify-keys';

let k: NotifyKeys;
let notifier: Notifier;
let options: NotificationOptions;

beforeAll(async () => {
  k = await notifyKeys();
  notifier = notifierFor(k, 'publicKey');
  options = { certs: k.certs, apiv3Key: k.apiv3Key };
});
afterAll(() => notifier.stop());

const paid = () => notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction('T-1') });

/** The NotificationError `fn` throws (sync or async). */
async function rejection(fn: () => unknown): Promise<NotificationError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof NotificationError) return error;
    throw error;
  }
  throw new Error('expected a NotificationError, nothing was thrown');
}

/**
 * Both variants must reject with the same code; parseAsync twice: alone (it verifies on this thread) and while
 * another call is under way (it verifies on the thread pool).
 */
async function expectBoth(incoming: Parameters<typeof Notification.parse>[0], opts: NotificationOptions, code: string): Promise<NotificationError> {
  const sync = await rejection(() => Notification.parse(incoming, opts));
  const async = await rejection(() => Notification.parseAsync(incoming, opts));
  const [, crowded] = await Promise.all([Notification.parseAsync(paid(), options), rejection(() => Notification.parseAsync(incoming, opts))]);
  expect([sync.code, async.code, crowded.code]).toEqual([code, code, code]);
  return sync;
}

describe('Notification.parse accepts', () => {
  it('a notification built with node:crypto alone, per docs/protocol.md §5 (not by our Notifier)', () => {
    const nonce = 'fdasflkja484';
    const plaintext = JSON.stringify(paidTransaction('T-handmade'));
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(k.apiv3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from('transaction'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: 'EV-2018022511223320873',
      create_time: '2015-05-20T13:29:35+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headerNonce = randomBytes(16).toString('hex');
    const signature = sign('sha256', Buffer.from(`${timestamp}\n${headerNonce}\n${body}\n`), k.certificateMode.privateKey).toString('base64');
    const headers = {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': k.certificateMode.serial,
    };

    const { event, resource } = Notification.parse({ headers, body }, options);

    expect(event).toEqual({
      id: 'EV-2018022511223320873',
      create_time: '2015-05-20T13:29:35+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
    });
    expect(resource).toEqual(JSON.parse(plaintext));
  });

  it.each(['publicKey', 'certificate'] as const)('both serial kinds (%s mode), sync and async', async (mode) => {
    const modeNotifier = notifierFor(k, mode);
    const built = modeNotifier.build({ eventType: 'REFUND.SUCCESS', resource: successfulRefund('R-1') });
    await modeNotifier.stop();
    expect(built.headers['Wechatpay-Serial']).toBe(mode === 'publicKey' ? k.publicKeyMode.id : k.certificateMode.serial);

    const sync = Notification.parse(built, options);
    const async = await Notification.parseAsync(built, options);

    expect(async).toEqual(sync);
    expect(sync.event.id).toBe(built.id);
    expect(sync.resource).toEqual(successfulRefund('R-1'));
  });

  it('headers in every shape servers hand over', () => {
    const { headers, body } = paid();
    const lower = Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toUpperCase(), v]));
    const asArrays = Object.fromEntries(Object.entries(lower).map(([n, v]) => [n, [v]]));
    const pairs = Object.entries(headers);
    const raw = pairs.flat();
    const shapes: unknown[] = [headers, lower, upper, asArrays, pairs, raw, new Headers(headers), MessageHeaders.from(headers), new Map(pairs)];

    for (const shape of shapes) {
      expect(Notification.parse({ headers: shape as never, body }, options).resource).toEqual(paidTransaction('T-1'));
    }
  });

  it('the body as text, a Buffer, a Uint8Array or an ArrayBuffer', () => {
    const { headers, body } = paid();
    const copy = new Uint8Array(body.byteLength);
    copy.set(body);
    for (const shape of [body.toString('utf8'), body, copy, copy.buffer]) {
      expect(Notification.parse({ headers, body: shape }, options).event.event_type).toBe('TRANSACTION.SUCCESS');
    }
  });

  it('a live CertificateSource, so keys added later are used', () => {
    const store = new CertificateStore();
    store.set('unrelated', createPublicKey(k.certificateMode.certificatePem));
    const built = paid();
    expect(() => Notification.parse(built, { ...options, certs: store })).toThrow(expect.objectContaining({ code: NotificationFailure.SERIAL }));
    store.set(k.publicKeyMode.id, k.publicKeyMode.publicKey);
    expect(Notification.parse(built, { ...options, certs: store }).event.id).toBe(built.id);
  });

  it('certs given as PEM text (a certificate, a public key)', () => {
    const certs = {
      [k.certificateMode.serial]: k.certificateMode.certificatePem,
      [k.publicKeyMode.id]: k.publicKeyMode.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    expect(Notification.parse(paid(), { ...options, certs }).event.event_type).toBe('TRANSACTION.SUCCESS');
  });

  it('narrows the resource by event type with Notification.is', () => {
    const parsed: ParsedNotification = Notification.parse(paid(), options);
    if (!Notification.is(parsed, 'TRANSACTION.SUCCESS')) throw new Error('expected a payment');
    const outTradeNo: string = parsed.resource.out_trade_no; // typed: compiles only if narrowed
    expect(outTradeNo).toBe('T-1');
    expect(Notification.is(parsed, 'REFUND.SUCCESS')).toBe(false);
  });
});

describe('Notification.parse rejects, each check with its own code', () => {
  it('a parsed object instead of the raw body, saying how to get the raw one', async () => {
    const { headers, body } = paid();
    const error = await expectBoth({ headers, body: JSON.parse(body.toString()) }, options, NotificationFailure.BODY);
    expect(error.message).toMatch(/already parsed object.*raw body.*express\.raw/s);
    expect(error.answer.status).toBe(500);
  });

  it.each(['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'])('a missing %s', async (name) => {
    const { headers, body } = paid();
    const error = await expectBoth({ headers: { ...headers, [name]: undefined }, body }, options, NotificationFailure.HEADERS);
    expect(error.message).toContain(`missing ${name}`);
  });

  it('a timestamp more than 300 s away, before looking at anything else', async () => {
    const { headers, body } = paid();
    const now = Number(headers['Wechatpay-Timestamp']);
    const tampered = Buffer.from(body);
    tampered[2]! ^= 1;
    await expectBoth({ headers, body: tampered }, { ...options, now: () => now + 301 }, NotificationFailure.CLOCK);
    await expectBoth({ headers, body }, { ...options, now: () => now - 301 }, NotificationFailure.CLOCK);
    await expectBoth({ headers: { ...headers, 'Wechatpay-Timestamp': '1e9' }, body }, options, NotificationFailure.CLOCK);
    expect(Notification.parse({ headers, body }, { ...options, now: () => now + 300 }).event.id).toBeDefined();
  });

  it('an unknown serial, naming the ones configured', async () => {
    const error = await expectBoth(paid(), { ...options, certs: { [k.certificateMode.serial]: createPublicKey(k.certificateMode.certificatePem) } }, NotificationFailure.SERIAL);
    expect(error.message).toContain(k.publicKeyMode.id);
    expect(error.message).toContain(k.certificateMode.serial);
    expect(error.answer.status).toBe(401);
  });

  it('a WECHATPAY/SIGNTEST/ probe: reported as a probe, answered with a failure', async () => {
    const probe = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), probe: true });
    const error = await expectBoth(probe, options, NotificationFailure.PROBE);
    expect(error.answer.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(error.answer.body)).toEqual({ code: 'FAIL', message: expect.any(String) });
  });

  it('a tampered body, a tampered header, and a signature by another key', async () => {
    const tampered = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), tamper: true });
    await expectBoth(tampered, options, NotificationFailure.SIGNATURE);
    const built = paid();
    await expectBoth({ ...built, headers: { ...built.headers, 'Wechatpay-Nonce': `${built.headers['Wechatpay-Nonce']}x` } }, options, NotificationFailure.SIGNATURE);
    // Signed by the platform key but announced with the public key's id.
    const crossed = notifierFor(k, 'certificate').build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction() });
    await expectBoth({ ...crossed, headers: { ...crossed.headers, 'Wechatpay-Serial': k.publicKeyMode.id } }, options, NotificationFailure.SIGNATURE);
    await expectBoth({ ...built, headers: { ...built.headers, 'Wechatpay-Signature': 'not base64!' } }, options, NotificationFailure.SIGNATURE);
  });

  it('a signature type other than RSA', async () => {
    const built = paid();
    await expectBoth({ ...built, headers: { ...built.headers, 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' } }, options, NotificationFailure.SIGNATURE);
  });

  it('a wrong APIv3 key: DECRYPT, answered 500 so WeChat Pay retries after the fix', async () => {
    const error = await expectBoth(paid(), { ...options, apiv3Key: randomApiv3Key() }, NotificationFailure.DECRYPT);
    expect(error.notificationId).toBeDefined();
    expect(error.answer).toEqual({ status: 500, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"code":"FAIL","message":"解密失败"}' });
  });

  it('a signed body that is not a notification envelope', async () => {
    const modeNotifier = notifierFor(k, 'publicKey');
    const built = modeNotifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), associatedData: 'transaction' });
    await modeNotifier.stop();
    // Re-sign a body without `resource` with the same key, by hand.
    const body = JSON.stringify({ ...JSON.parse(built.body.toString()), resource: undefined });
    const timestamp = built.headers['Wechatpay-Timestamp']!;
    const nonce = built.headers['Wechatpay-Nonce']!;
    const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), k.publicKeyMode.privateKey).toString('base64');
    const error = await expectBoth({ headers: { ...built.headers, 'Wechatpay-Signature': signature }, body }, options, NotificationFailure.BODY);
    expect(error.message).toContain('resource');
  });

  it('configuration mistakes as InvalidArgumentException, not as a bad notification', () => {
    expect(() => Notification.parse(paid(), { ...options, apiv3Key: 'short' })).toThrow(InvalidArgumentException);
    expect(() => Notification.parse(paid(), { ...options, apiv3Key: 'short' })).toThrow(/32-byte APIv3 key, got 5 bytes/);
    expect(() => Notification.parse(paid(), { ...options, certs: {} })).toThrow(InvalidArgumentException);
    expect(() => Notification.parse(paid(), { ...options, certs: { x: 'not a key' } })).toThrow(/certs\['x'\]/);
  });

  it('NotificationError is a branded TransferException that never prints the key', async () => {
    const error = await rejection(() => Notification.parse(paid(), { ...options, apiv3Key: randomApiv3Key() }));
    expect(error).toBeInstanceOf(TransferException);
    expect(error.name).toBe('NotificationError');
    expect(error.message).not.toContain(k.apiv3Key);
    expect(JSON.stringify(error)).not.toContain(k.apiv3Key);
  });
});

describe('replay protection', () => {
  it('claims the id once; a second delivery is a DUPLICATE answered with success', async () => {
    const replay = new MemoryReplayStore();
    const built = paid();
    expect(Notification.parse(built, { ...options, replay }).event.id).toBe(built.id);
    // A retry is signed afresh (new timestamp and nonce) and carries the same id.
    const retry = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction('T-1'), id: built.id });
    expect(retry.headers['Wechatpay-Nonce']).not.toBe(built.headers['Wechatpay-Nonce']);
    const error = await rejection(() => Notification.parse(retry, { ...options, replay }));
    expect(error.code).toBe(NotificationFailure.DUPLICATE);
    expect(error.duplicate).toBe(true);
    expect(error.notificationId).toBe(built.id);
    expect(error.answer).toEqual(Notification.success());
  });

  it('records nothing for a notification that failed a check, so forgeries cannot claim ids', async () => {
    const replay = new MemoryReplayStore();
    const tampered = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: paidTransaction(), tamper: true, id: 'EV-forged' });
    await rejection(() => Notification.parse(tampered, { ...options, replay }));
    await rejection(() => Notification.parse(notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: {}, id: 'EV-forged' }), { ...options, apiv3Key: randomApiv3Key(), replay }));
    expect(replay.size).toBe(0);
    expect(Notification.parse(notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: {}, id: 'EV-forged' }), { ...options, replay }).event.id).toBe('EV-forged');
  });

  it('forget(id) lets the retry through after failed processing', async () => {
    const replay = new MemoryReplayStore();
    const built = paid();
    Notification.parse(built, { ...options, replay });
    replay.forget(built.id);
    expect(Notification.parse(built, { ...options, replay }).event.id).toBe(built.id);
  });

  it('two concurrent deliveries of one notification: exactly one is accepted (async store)', async () => {
    const replay = new MemoryReplayStore();
    const built = paid();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => Notification.parseAsync(built, { ...options, replay })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as NotificationError).code] : []));
    expect(reasons).toEqual(Array(7).fill(NotificationFailure.DUPLICATE));
  });
});

describe('Notification.handle', () => {
  it('turns a configuration mistake into a 500 (WeChat Pay retries), the error kept for logging, nothing processed', async () => {
    const processed: unknown[] = [];
    const answer = await Notification.handle(paid(), { ...options, apiv3Key: 'short' }, (n) => processed.push(n));
    expect(answer).toMatchObject({ status: 500, body: '{"code":"FAIL","message":"失败"}' });
    expect(answer.error).toBeInstanceOf(InvalidArgumentException);
    expect(processed).toHaveLength(0);
  });

  it('answers 204 once processing has returned (awaiting a Promise)', async () => {
    let done = false;
    const answer = await Notification.handle(paid(), options, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      done = true;
    });
    expect(done).toBe(true);
    expect(answer).toMatchObject({ status: 204, body: '' });
    expect(answer.notification?.event.event_type).toBe('TRANSACTION.SUCCESS');
    expect(answer.error).toBeUndefined();
  });
});

describe('answers', () => {
  it('success is 204 with no body; failure is {"code":"FAIL"} with a 4xx/5xx', () => {
    expect(Notification.success()).toEqual({ status: 204, headers: {}, body: '' });
    expect(Notification.failure()).toEqual({ status: 500, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"code":"FAIL","message":"失败"}' });
    expect(Notification.failure('库存不足', 503).status).toBe(503);
    expect(JSON.parse(Notification.failure('x'.repeat(100)).body).message).toHaveLength(64);
    expect(() => Notification.failure('ok?', 200)).toThrow(InvalidArgumentException);
  });

  it('APIv2 answers are XML', () => {
    expect(Notification.successV2().body).toBe('<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>');
    expect(Notification.failureV2('a]]>b').body).toBe('<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[a]]]]><![CDATA[>b]]></return_msg></xml>');
  });
});
