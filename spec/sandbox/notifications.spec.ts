/**
 * The sandbox sends notifications: an order placed through the client with a loopback notify_url is
 * marked paid, the sandbox POSTs a signed, encrypted TRANSACTION.SUCCESS to the node:http example, and
 * the example's Notification.handle accepts it; a refund sends REFUND.SUCCESS; a failing receiver is
 * retried on the (compressed) schedule; a non-loopback notify_url is never contacted.
 */
import { randomBytes } from 'node:crypto';
import { Builder, closeSyncBridge, type BuilderChainable, type ParsedNotification } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { start as startReceiver } from '../../examples/notify-http';

let sandbox: Sandbox;
let instance: BuilderChainable;

beforeAll(async () => {
  sandbox = await Sandbox.start({ mode: 'cert', notifyTimeScale: 0.002 });
  instance = Builder.factory(sandbox.clientConfig());
});
afterAll(async () => {
  await sandbox.stop();
  closeSyncBridge();
});

async function placeOrder(notifyUrl: string): Promise<string> {
  const outTradeNo = `N${randomBytes(8).toString('hex')}`;
  await instance.v3.pay.transactions.native.postAsync({
    json: {
      appid: 'wxd678efh567h23787',
      mchid: sandbox.mchid,
      description: 'notification test',
      out_trade_no: outTradeNo,
      notify_url: notifyUrl,
      amount: { total: 100, currency: 'CNY' },
    },
  });
  return outTradeNo;
}

async function until<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('mark-paid notifies the order’s notify_url; the example verifies, decrypts and answers 204', async () => {
  const received: ParsedNotification[] = [];
  const certs = sandbox.clientConfig().certs;
  const receiver = await startReceiver({ certs, apiv3Key: sandbox.apiv3Key, onNotification: (n) => void received.push(n) });
  try {
    const outTradeNo = await placeOrder(receiver.url);
    const paid = sandbox.markPaid(outTradeNo);
    const notification = await until(() => received[0]);
    expect(notification.event).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功' });
    expect(notification.resource).toEqual(paid);
    // The sandbox records the attempt once our answer is back, a moment after the receiver has handled it.
    const delivery = await until(() => sandbox.notifications().find((d) => d.url === receiver.url && d.state !== 'pending'));
    expect(delivery).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', state: 'delivered', attempts: [{ status: 204 }] });

    await instance.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: outTradeNo, out_refund_no: `R${outTradeNo}`, notify_url: receiver.url, amount: { refund: 40, total: 100, currency: 'CNY' } },
    });
    const refund = await until(() => received[1]);
    expect(refund.event.event_type).toBe('REFUND.SUCCESS');
    expect(refund.resource).toMatchObject({ out_trade_no: outTradeNo, out_refund_no: `R${outTradeNo}`, refund_status: 'SUCCESS', amount: { refund: 40, total: 100 } });
  } finally {
    await receiver.close();
  }
});

it('a receiver that fails is retried on the compressed schedule until it answers success', async () => {
  let calls = 0;
  const receiver = await startReceiver({
    certs: sandbox.clientConfig().certs,
    apiv3Key: sandbox.apiv3Key,
    onNotification: () => {
      if (++calls <= 2) throw new Error('database down');
    },
  });
  try {
    sandbox.markPaid(await placeOrder(receiver.url));
    const delivery = await until(() => sandbox.notifications().find((d) => d.url === receiver.url && d.state === 'delivered'));
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    // WeChat Pay waits 15 s then 15 s; × 0.002 that is 30 ms each.
    const gaps = delivery.attempts.slice(1).map((a, i) => a.at - delivery.attempts[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(25);
  } finally {
    await receiver.close();
  }
});

it('a notify_url that is not loopback is never contacted', async () => {
  const before = sandbox.notifications().length;
  sandbox.markPaid(await placeOrder('https://example.com/wechatpay/notify'));
  expect(sandbox.notifications()).toHaveLength(before);
});
