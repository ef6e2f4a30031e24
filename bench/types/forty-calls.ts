/**
 * Compile-cost fixture (bench/compile-cost.ts): forty typed calls across fourteen product areas, in the
 * property-chain and bracket spellings, both verb kinds, with the smallest valid options (written once
 * from the catalogue's required fields and examples).
 */
import { Builder, type Response } from '../../lib';

const instance = Builder.factory({} as never);

export async function calls(): Promise<Response[]> {
  const results: Response[] = [];
  // 基础支付: APP下单API
  results.push(await instance.v3.pay.transactions.app.postAsync({ json: { appid: 'wxd678efh567hg6787', mchid: '1230000109', description: 'x', out_trade_no: '1217752501201407033233368018', notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', amount: { total: 100 } } }));
  // 基础支付: 付款码支付
  results.push(instance.v3.pay.transactions.codepay.post({ json: { appid: 'wxd678efh567hg6787', mchid: '1230000109', out_trade_no: '1217752501201407033233368018', payer: { auth_code: '130061098828009406' }, amount: { total: 100 }, scene_info: { store_info: {} }, description: 'x' } }));
  // 基础支付: H5下单API
  results.push(await instance.v3.pay.transactions.h5.postAsync({ json: { appid: 'wxd678efh567hg6787', mchid: '1230000109', description: 'x', out_trade_no: '1217752501201407033233368018', notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', amount: { total: 100 }, scene_info: { payer_client_ip: 'x', h5_info: { type: 'iOSAndroidWap' } } } }));
  // 基础支付: 微信支付订单号查询
  results.push(instance.v3.pay.transactions.id._transaction_id_.get({ transaction_id: '1217752501201407033233368018', query: { mchid: '1230000109' } }));
  // 基础支付∙退款: 申请退款API
  results.push(await instance.v3.refund.domestic.refunds.postAsync({ json: { out_refund_no: '1217752501201407033233368018', amount: { refund: 888, total: 888, currency: 'CNY' } } }));
  // 基础支付∙退款: 查询单笔退款API
  results.push(instance.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: 'sdk12345678920210326144648' }));
  // 基础支付∙退款: 发起异常退款
  results.push(await instance.v3.refund.domestic.refunds._refund_id_.applyAbnormalRefund.postAsync({ refund_id: '50000000382019052709732678859', json: { out_refund_no: '1217752501201407033233368018', type: 'USER_BANK_CARD' } }));
  // 资金应用∙分账: 申请分账账单
  results.push(instance.v3.profitsharing.bills.get({ query: { bill_date: '2019-06-11' } }));
  // 资金应用∙分账: 查询最大分账比例
  results.push(await instance.v3.profitsharing.merchantConfigs._sub_mchid_.getAsync({ sub_mchid: '1900000109' }));
  // 资金应用∙分账: 请求分账
  results.push(instance.v3.profitsharing.orders.post({ json: { transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346', unfreeze_unsplit: true } }));
  // 资金应用∙转账: 受理商家转账
  results.push(await instance.v3.platsolution.insurance.mchTransfer.batches.apply.postAsync({ json: { sub_mchid: '1900001109', sp_appid: 'wxf636efh567hg4356', out_batch_no: 'sjzz20230223', batch_name: '2023年2月深圳分部报销单', batch_remark: '2023年2月深圳分部报销单', total_amount: 4000000, total_num: 200, transfer_scene_id: '1000', transfer_detail_list: [{ out_detail_no: 'x23zy545Bd5436', transfer_amount: 200000, transfer_remark: '2023年2月报销', reservation_id: '1330000071100999991182020050700019480001', openid: 'o-MYE42l80oelYMDE34nYD456Xoy' }], notify_url: 'https://www.weixin.qq.com/wxpay/pay.php' } }));
  // 资金应用∙转账: 微信支付转账批次单号查询批次单
  results.push(instance.v3.platsolution.insurance.mchTransfer.batches.batchId._batch_id_.get({ batch_id: '131000011085109987515042023022300246500006', query: { sub_mchid: '1900102208', need_query_detail: true } }));
  // 资金应用∙转账: 微信支付转账明细单号查询明细单
  results.push(await instance.v3.platsolution.insurance.mchTransfer.batches.batchId._batch_id_.details.detailId._detail_id_.getAsync({ batch_id: '131000011085109987515042023022300246500006', detail_id: '132000011085109987515042023022300246521006', query: { sub_mchid: '1900000109' } }));
  // 风险合规∙消费者投诉: 查询投诉通知回调
  results.push(instance.v3.global.merchantService.complaintNotifications.get({  }));
  // 风险合规∙消费者投诉: 创建投诉通知回调
  results.push(await instance.v3.global.merchantService.complaintNotifications.postAsync({ json: { url: 'https://www.xxx.com/notify' } }));
  // 风险合规∙消费者投诉: 更新投诉通知回调
  results.push(instance.v3.global.merchantService.complaintNotifications.put({ json: { url: 'https://www.xxx.com/notify' } }));
  // 服务商∙进件, 收付通∙进件: 查询结算账户修改申请状态
  results.push(await instance.v3.apply4sub.sub_merchants._sub_mchid_.application._application_no_.getAsync({ sub_mchid: '1511101111', application_no: '102329389XXXX' }));
  // 服务商∙进件, 收付通∙进件: 修改结算帐号API
  results.push(instance.v3.apply4sub.sub_merchants._sub_mchid_.modifySettlement.post({ sub_mchid: '1900006491', json: { account_type: 'ACCOUNT_TYPE_BUSINESS', account_bank: '工商银行', bank_address_code: '110000', account_number: 'ciphertext' } }));
  // 服务商∙进件, 收付通∙进件: 查询结算账户API
  results.push(await instance.v3.apply4sub.sub_merchants._sub_mchid_.settlement.getAsync({ sub_mchid: '1900006491' }));
  // 服务商∙进件, 收付通∙进件: 查询结算账户修改申请状态
  results.push(instance.v3.apply4sub.sub_merchants._sub_mchid_.application._application_no_.get({ sub_mchid: '1511101111', application_no: '102329389XXXX' }));
  // 服务商∙进件, 收付通∙进件: 修改结算帐号API
  results.push(await instance.v3.apply4sub.sub_merchants._sub_mchid_.modifySettlement.postAsync({ sub_mchid: '1900006491', json: { account_type: 'ACCOUNT_TYPE_BUSINESS', account_bank: '工商银行', bank_address_code: '110000', account_number: 'ciphertext' } }));
  // 服务商∙进件, 收付通∙进件: 查询结算账户API
  results.push(instance.v3.apply4sub.sub_merchants._sub_mchid_.settlement.get({ sub_mchid: '1900006491' }));
  // 运营工具∙代金券: 给指定用户报名多笔立减活动
  results.push(await instance.v3.marketing.bankFavor.users._openid_.bankMultiActivity.postAsync({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', json: { stock_id: '100088', activity_id: '186745560', out_request_no: '1002600620019090123143254435', appid: 'wx1234567889999', stock_creator_mchid: '9800064' } }));
  // 运营工具∙代金券: 查询绑定多笔立减活动的代金券详情
  results.push(instance.v3.marketing.bankFavor.users._openid_.coupons._coupon_id_.get({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', coupon_id: '9856888', query: { appid: 'wx57849631bb367f52' } }));
  // 运营工具∙代金券: 获取已设置的消息通知地址API
  results.push(await instance.v3.marketing.favor.callbacks.getAsync({ query: { mchid: '9856888' } }));
  // 运营工具∙商家券: 查询商家券事件通知地址API
  results.push(instance.v3.marketing.busifavor.callbacks.get({ query: { mchid: '10000098' } }));
  // 运营工具∙商家券: 设置商家券事件通知地址API
  results.push(await instance.v3.marketing.busifavor.callbacks.postAsync({ json: { notify_url: 'https://pay.weixin.qq.com' } }));
  // 运营工具∙商家券: 关联订单信息API
  results.push(instance.v3.marketing.busifavor.coupons.associate.post({ json: { stock_id: 'x', coupon_code: 'x', out_trade_no: 'x', out_request_no: 'x' } }));
  // 支付分: 商户申请获取对账单API
  results.push(await instance.v3.payscore.merchantBill.getAsync({ query: { bill_date: '2019-06-11', encryption_algorithm: 'AEAD_AES_256_GCM', service_id: '2002000000000558128851361561536' } }));
  // 支付分: 查询支付分订单API
  results.push(instance.v3.payscore.serviceorder.get({ query: { service_id: '2002000000000558128851361561536', appid: 'wxd678efh567hg6787' } }));
  // 支付分: 创建支付分订单API
  results.push(await instance.v3.payscore.serviceorder.postAsync({ json: { out_order_no: '1234323JKHDFE1243252', appid: 'wxd678efh567hg6787', service_id: '2002000000000558128851361561536', service_introduction: '某某酒店', time_range: { start_time: '20091225091010' }, risk_fund: { name: 'DEPOSIT', amount: 10000 }, notify_url: 'https://api.test.com' } }));
  // 收付通∙提现, 运营工具∙用工卡: 账户余额提现API
  results.push(instance.v3.ecommerce.fund.withdraw.post({ json: { sub_mchid: '1900000109', out_request_no: '20190611222222222200000000012122', amount: 100 } }));
  // 收付通∙提现, 运营工具∙用工卡: 商户提现单号查询
  results.push(await instance.v3.ecommerce.fund.withdraw.outRequestNo._out_request_no_.getAsync({ out_request_no: '20190611222222222200000000012122', query: { sub_mchid: '1900000109' } }));
  // 收付通∙提现, 运营工具∙用工卡: 微信支付提现单号查询
  results.push(instance.v3.ecommerce.fund.withdraw._withdraw_id_.get({ withdraw_id: '1232193719823791273913279173', query: { sub_mchid: '1900000109' } }));
  // 跨境∙支付: 提交付款码支付
  results.push(await instance.v3.global.micropay.transactions.pay.postAsync({ json: { mchid: '1900000109', appid: 'wx8888888888888888', sub_mchid: '1900000109', sp_mchid: '1900000100', sp_appid: 'wx8888888888888888', out_trade_no: '1217752501201407033233368018', trade_type: 'MICROPAY', merchant_category_code: '1011', amount: { total: 888 }, description: 'x' } }));
  // 跨境∙支付: APP支付下单
  results.push(instance.v3.global.transactions.app.post({ json: { mchid: '1900000109', appid: 'wx8888888888888888', sub_mchid: '1900000109', sp_mchid: '1900000100', sp_appid: 'wx8888888888888888', notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', out_trade_no: '1217752501201407033233368018', trade_type: 'APP', merchant_category_code: '1011', amount: { total: 888 }, description: 'x' } }));
  // 跨境∙支付: 查询订单(微信支付订单号)
  results.push(await instance.v3.global.transactions.id._transaction_id_.getAsync({ transaction_id: '1217752501201407033233368018', query: { mchid: '1900000109', sub_mchid: '1900000109', sp_mchid: '1900000100' } }));
  // APIv2∙基础支付: 关闭订单
  results.push(instance.v2.pay.closeorder.post({ xml: { appid: 'wx8888888888888888', mch_id: '1900000109', out_trade_no: '1217752501201407033233368018', nonce_str: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', sign: 'C380BEC2BFD727A4B6845133519F3AD6' } }));
  // APIv2∙基础支付: 提交付款码支付
  results.push(await instance.v2.pay.micropay.postAsync({ xml: { appid: 'wx8888888888888888', mch_id: '1900000109', nonce_str: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', sign: 'C380BEC2BFD727A4B6845133519F3AD6', body: 'image形象店-深圳腾大- QQ公仔', out_trade_no: '1217752501201407033233368018', total_fee: 1, spbill_create_ip: '8.8.8.8', auth_code: '120061098828009406' } }));
  // APIv2∙基础支付: 查询订单
  results.push(instance.v2.pay.orderquery.post({ xml: { appid: 'wxd678efh567hg6787', mch_id: '1230000109', transaction_id: '1009660380201506130728806387', out_trade_no: '20150806125346', nonce_str: 'C380BEC2BFD727A4B6845133519F3AD6', sign: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' } }));
  return results;
}
