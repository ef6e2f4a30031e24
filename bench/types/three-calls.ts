/** Compile-cost fixture (bench/compile-cost.ts): the three typed calls a consumer wrote before the catalogue. */
import { Builder } from '../../lib';

const instance = Builder.factory({} as never);

export async function calls(): Promise<unknown[]> {
  const contract = await instance.v3.ecommerce.individualContracts._openid_.getAsync({
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' },
  });
  const prepay = await instance.v3.pay.transactions.jsapi.postAsync({
    json: {
      appid: 'wxd678efh567h23787',
      mchid: '1230000109',
      description: 'Image形象店-深圳腾大-QQ公仔',
      out_trade_no: '1217752501201407033233368018',
      notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
      amount: { total: 100, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
  });
  const refund = instance.chain('v3/refund/domestic/refunds/{out_refund_no}').get({ out_refund_no: '1217752501201407033233368018' });
  return [contract.json().auth_state, prepay.json().prepay_id, refund.json()];
}
