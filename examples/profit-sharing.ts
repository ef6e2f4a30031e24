/**
 * `npx tsx examples/profit-sharing.ts`: profit sharing (分账), far from the seed's product area, with the
 * typed chain against the embedded sandbox. A paid order, a receiver added and a split requested, the
 * receivers' names encrypted by `Sensitive.encrypt` (which also names the key in `Wechatpay-Serial`),
 * the split queried; the sandbox checks each request against the operation's description and answers
 * as the description says, echoing the identifiers the request named.
 */
import { Builder, Rsa, Sensitive, closeSyncBridge } from '../lib';
import { Sandbox } from '../lib/sandbox';

const APPID = 'wxd678efh567h23787';
const PAYER = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

async function main(): Promise<void> {
  const sandbox = await Sandbox.start();
  const instance = Builder.factory(sandbox.clientConfig());
  const platform = { serial: sandbox.platformSerial, publicKey: sandbox.platformPem };
  try {
    // A paid JSAPI order gives the transaction_id the split refers to.
    const outTradeNo = `PS${Date.now()}`;
    await instance.v3.pay.transactions.jsapi.postAsync({
      json: {
        appid: APPID,
        mchid: sandbox.mchid,
        description: 'Profit-sharing demo order',
        out_trade_no: outTradeNo,
        notify_url: 'https://example.com/notify',
        amount: { total: 10_000, currency: 'CNY' },
        payer: { openid: PAYER },
        settle_info: { profit_sharing: true },
      },
    });
    const { transaction_id: transactionId } = sandbox.markPaid(outTradeNo) as { transaction_id: string };
    console.log(`paid order:     ${outTradeNo} → transaction ${transactionId}`);

    // Add the receiver: `name` is sensitive, so it travels encrypted, with Wechatpay-Serial.
    const added = await instance.v3.profitsharing.receivers.add.postAsync(
      Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', {
        json: { appid: APPID, type: 'MERCHANT_ID', account: '86693852', name: '示例商户全称', relation_type: 'STORE' },
      }, platform),
    );
    const receiver = added.json();
    // Sensitive fields of a reply come encrypted for the merchant's own key.
    const name = receiver.name === undefined ? '(none)' : Rsa.decrypt(receiver.name, sandbox.merchantPrivateKeyPem);
    console.log(`receiver added: ${receiver.type} ${receiver.account} (${receiver.relation_type}), name ${name}`);

    // Request the split: `receivers[].name` is encrypted wherever it sits in the body.
    const outOrderNo = `P${Date.now()}`;
    const order = await instance.v3.profitsharing.orders.postAsync(
      Sensitive.encrypt('v3/profitsharing/orders', 'POST', {
        json: {
          appid: APPID,
          transaction_id: transactionId,
          out_order_no: outOrderNo,
          receivers: [{ type: 'MERCHANT_ID', account: '86693852', name: '示例商户全称', amount: 888, description: '分给商户' }],
          unfreeze_unsplit: true,
        },
      }, platform),
    );
    const split = order.json();
    console.log(`split:          ${split.out_order_no} for ${split.transaction_id}: ${split.state}, order_id ${split.order_id}`);

    // Query it, twice: the same request gets the same answer.
    const query = { out_order_no: outOrderNo, query: { transaction_id: transactionId } };
    const first = await instance.v3.profitsharing.orders._out_order_no_.getAsync(query);
    const again = instance.chain('v3/profitsharing/orders/{out_order_no}').get(query);
    console.log(`query:          ${first.json().state}, same answer twice: ${first.text() === again.text()}`);
  } finally {
    await instance.getDriver().close();
    await sandbox.stop();
    closeSyncBridge();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
