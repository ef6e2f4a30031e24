/**
 * APIv2 XML documents shaped like the ones WeChat Pay sends and receives (our own samples, with the
 * field sets of wechatpay-php's fixtures): whitespace between fields, CDATA strings, bare numbers.
 */

/** A `/pay/unifiedorder` success response. */
export const UNIFIEDORDER_RESPONSE = `<xml>
   <return_code><![CDATA[SUCCESS]]></return_code>
   <return_msg><![CDATA[OK]]></return_msg>
   <appid><![CDATA[wx2421b1c4370ec43b]]></appid>
   <mch_id><![CDATA[10000100]]></mch_id>
   <nonce_str><![CDATA[IITRi8Iabbblz1Jc]]></nonce_str>
   <sign><![CDATA[7921E432F65EB8ED0CE9755F0E86D72F]]></sign>
   <result_code><![CDATA[SUCCESS]]></result_code>
   <prepay_id><![CDATA[wx201411101639507cbf6ffd8b0779950874]]></prepay_id>
   <trade_type><![CDATA[JSAPI]]></trade_type>
</xml>`;

/** A payment result notification (`notify_url`), with coupon fields and bare numbers. */
export const PAYMENT_NOTIFICATION = `<xml>
  <appid><![CDATA[wx2421b1c4370ec43b]]></appid>
  <attach><![CDATA[支付测试]]></attach>
  <bank_type><![CDATA[CFT]]></bank_type>
  <fee_type><![CDATA[CNY]]></fee_type>
  <is_subscribe><![CDATA[Y]]></is_subscribe>
  <mch_id><![CDATA[10000100]]></mch_id>
  <nonce_str><![CDATA[5d2b6c2a8db53831f7eda20af46e531c]]></nonce_str>
  <openid><![CDATA[oUpF8uMEb4qRXf22hE3X68TekukE]]></openid>
  <out_trade_no><![CDATA[1409811653]]></out_trade_no>
  <result_code><![CDATA[SUCCESS]]></result_code>
  <return_code><![CDATA[SUCCESS]]></return_code>
  <sign><![CDATA[B552ED6B279343CB493C5DD0D78AB241]]></sign>
  <time_end><![CDATA[20140903131540]]></time_end>
  <total_fee>1</total_fee>
  <coupon_fee><![CDATA[10]]></coupon_fee>
  <coupon_count><![CDATA[1]]></coupon_count>
  <coupon_type><![CDATA[CASH]]></coupon_type>
  <coupon_id><![CDATA[10000]]></coupon_id>
  <trade_type><![CDATA[JSAPI]]></trade_type>
  <transaction_id><![CDATA[1004400740201409030005092168]]></transaction_id>
</xml>`;

/** The decrypted `req_info` of a refund notification: root `<root>`, `refund_recv_accout` (sic). */
export const REFUND_REQ_INFO_PLAINTEXT = `<root>
<out_refund_no><![CDATA[131811191610442717309]]></out_refund_no>
<out_trade_no><![CDATA[71106718111915575302817]]></out_trade_no>
<refund_account><![CDATA[REFUND_SOURCE_RECHARGE_FUNDS]]></refund_account>
<refund_fee><![CDATA[3960]]></refund_fee>
<refund_id><![CDATA[50000408942018111907145868882]]></refund_id>
<refund_recv_accout><![CDATA[支付用户零钱]]></refund_recv_accout>
<refund_request_source><![CDATA[API]]></refund_request_source>
<refund_status><![CDATA[SUCCESS]]></refund_status>
<settlement_refund_fee><![CDATA[3960]]></settlement_refund_fee>
<settlement_total_fee><![CDATA[3960]]></settlement_total_fee>
<success_time><![CDATA[2018-11-19 16:24:13]]></success_time>
<total_fee><![CDATA[3960]]></total_fee>
<transaction_id><![CDATA[4200000215201811190261405420]]></transaction_id>
</root>`;

/** A `/mmpaymkttransfers/sendredpack` request, blank lines between fields, a URL-encoded `risk_info`. */
export const SENDREDPACK_REQUEST = `<xml>

<sign><![CDATA[5C5B2A1E0A2D4C1C8A7A3F1B6D9E0C44]]></sign>

<mch_billno><![CDATA[10000098201411111234567890]]></mch_billno>

<mch_id><![CDATA[10000098]]></mch_id>

<wxappid><![CDATA[wx8888888888888888]]></wxappid>

<send_name><![CDATA[天虹百货]]></send_name>

<re_openid><![CDATA[oxTWIuGaIt6gTKsQRLau2M0yL16E]]></re_openid>

<total_amount><![CDATA[1000]]></total_amount>

<total_num><![CDATA[1]]></total_num>

<wishing><![CDATA[感谢您参加猜灯谜活动，祝您元宵节快乐！]]></wishing>

<client_ip><![CDATA[192.168.0.1]]></client_ip>

<act_name><![CDATA[猜灯谜抢红包活动]]></act_name>

<remark><![CDATA[猜越多得越多，快来抢！]]></remark>

<scene_id><![CDATA[PRODUCT_8]]></scene_id>

<nonce_str><![CDATA[3PG2J4ILTKCH16CQ2502SI8ZNMTM67VS]]></nonce_str>

<risk_info>posttime%3d1700000000%26clientversion%3d8.0.0%26mobile%3d13800000000%26deviceid%3dIOS</risk_info>

</xml>
`;
