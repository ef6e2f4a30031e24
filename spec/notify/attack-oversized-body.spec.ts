/**
 * Attack: post a huge notification. A 200 MB body was hashed (and decoded) before it was refused.
 * Bodies over a cap no real notification reaches are now refused first, as a BODY error, even when
 * they carry a valid signature.
 */
import { Notification, NotificationError, NotificationFailure } from '../../lib/notify';
import { MAX_NOTIFICATION_BYTES } from '../../lib/notify/raw-body';
import { notifierFor, notifyKeys, paidTransaction } from '../helpers/notify-keys';

describe('oversized notification bodies (attack: make the handler hash megabytes)', () => {
  it('refuses a genuinely signed body over the cap, as BODY, before any signature work', async () => {
    const keys = await notifyKeys();
    const notifier = notifierFor(keys, 'publicKey');
    try {
      const resource = { ...paidTransaction(), attach: 'x'.repeat(MAX_NOTIFICATION_BYTES) };
      const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource });
      const bytes = Buffer.from(built.body);
      expect(bytes.length).toBeGreaterThan(MAX_NOTIFICATION_BYTES);
      for (const body of [built.body, bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)]) {
        const error = await Notification.parseAsync({ headers: built.headers, body }, { certs: keys.certs, apiv3Key: keys.apiv3Key }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotificationError);
        expect((error as NotificationError).code).toBe(NotificationFailure.BODY);
        expect((error as Error).message).toMatch(/cap/);
        expect(() => Notification.parse({ headers: built.headers, body }, { certs: keys.certs, apiv3Key: keys.apiv3Key })).toThrow(/cap/);
      }
    } finally {
      await notifier.stop();
    }
  });

  it('still accepts a signed notification of realistic size', async () => {
    const keys = await notifyKeys();
    const notifier = notifierFor(keys, 'publicKey');
    try {
      const built = notifier.build({ eventType: 'TRANSACTION.SUCCESS', resource: { ...paidTransaction(), attach: 'y'.repeat(64 * 1024) } });
      const parsed = await Notification.parseAsync({ headers: built.headers, body: built.body }, { certs: keys.certs, apiv3Key: keys.apiv3Key });
      expect(parsed.event.id).toBe(built.id);
    } finally {
      await notifier.stop();
    }
  });
});
