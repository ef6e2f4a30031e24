/**
 * A notification signed with a platform certificate newer than the receiver's set: with a
 * CertificateManager as `certs`, Notification.handle fetches the new certificate once and accepts it.
 */
import { randomBytes } from 'node:crypto';
import { Builder, CertificateManager, closeSyncBridge, type ParsedNotification } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { start as startReceiver } from '../../examples/notify-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ mode: 'cert', notifyTimeScale: 0.002 });
});
afterAll(async () => {
  await sandbox.stop();
  closeSyncBridge();
});

it('a notification from a rotated certificate is accepted once the manager has fetched it', async () => {
  const identity = { mchid: sandbox.mchid, serial: sandbox.merchantSerial, privateKey: sandbox.merchantPrivateKeyPem };
  const certs = await CertificateManager.create({ ...identity, apiv3Key: sandbox.apiv3Key, base_uri: sandbox.baseUri, retryAfterMs: 1 });
  const received: ParsedNotification[] = [];
  const receiver = await startReceiver({ certs, apiv3Key: sandbox.apiv3Key, onNotification: (n) => void received.push(n) });
  try {
    const before = certs.serials();
    const rotated = sandbox.rotatePlatformCertificate().serial;
    expect(before).not.toContain(rotated);

    const instance = Builder.factory({ ...identity, certs, base_uri: sandbox.baseUri });
    const outTradeNo = `R${randomBytes(8).toString('hex')}`;
    await instance.v3.pay.transactions.native.postAsync({
      json: { appid: 'wxd678efh567h23787', mchid: sandbox.mchid, description: 'rotation', out_trade_no: outTradeNo, notify_url: receiver.url, amount: { total: 1, currency: 'CNY' } },
    });
    sandbox.markPaid(outTradeNo);
    // The sandbox records the attempt once our answer is back, a moment after the receiver has handled it.
    const firstAttempt = () => sandbox.notifications().find((d) => d.url === receiver.url)?.attempts[0];
    const end = Date.now() + 10_000;
    while ((received.length === 0 || firstAttempt()?.status === undefined) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(received[0]?.event.event_type).toBe('TRANSACTION.SUCCESS');
    expect(certs.serials()).toContain(rotated);
    expect(firstAttempt()?.status).toBe(204);
    await certs.close();
  } finally {
    await receiver.close();
  }
});
