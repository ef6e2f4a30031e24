/**
 * The trade bill CSV (docs/protocol.md §8): UTF-8 with BOM, a header row, one backtick-prefixed row
 * per payment or refund of the day, then the summary header and summary row. Amounts in yuan.
 */
import type { OrderRecord, RefundRecord } from './state';

export type BillType = 'ALL' | 'SUCCESS' | 'REFUND';

const HEADER = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型',
  '交易状态', '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额',
  '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额', '费率备注',
];
const SUMMARY_HEADER = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'];
/** 0.6%, the usual rate, in fen rounded per row. */
const FEE_RATE = 0.006;

const yuan = (fen: number): string => (fen / 100).toFixed(2);
/** `2018-06-08T10:34:56+08:00` → `2018-06-08 10:34:56` (already Beijing time). */
const billTime = (rfc3339: string): string => rfc3339.slice(0, 19).replace('T', ' ');

export function tradeBillCsv(day: { payments: OrderRecord[]; refunds: { refund: RefundRecord; order: OrderRecord }[] }, type: BillType): string {
  const rows: string[][] = [];
  let paid = 0;
  let refunded = 0;
  let fees = 0;
  if (type !== 'REFUND') {
    for (const order of day.payments) {
      const fee = Math.round(order.total * FEE_RATE);
      paid += order.total;
      fees += fee;
      rows.push([
        billTime(order.success_time ?? order.created_time), order.appid, order.mchid, '0', '', order.transaction_id ?? '',
        order.out_trade_no, order.payer_openid ?? '', order.trade_type, 'SUCCESS', 'OTHERS', 'CNY', yuan(order.total), '0.00',
        '0', '0', '0.00', '0.00', '', '', order.description, order.attach ?? '', yuan(fee), '0.60%', yuan(order.total), '0.00', '',
      ]);
    }
  }
  if (type !== 'SUCCESS') {
    for (const { refund, order } of day.refunds) {
      const fee = -Math.round(refund.refund * FEE_RATE);
      refunded += refund.refund;
      fees += fee;
      rows.push([
        billTime(refund.create_time), order.appid, order.mchid, '0', '', order.transaction_id ?? '', order.out_trade_no,
        order.payer_openid ?? '', order.trade_type, 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', refund.refund_id,
        refund.out_refund_no, yuan(refund.refund), '0.00', 'ORIGINAL', 'SUCCESS', order.description, order.attach ?? '',
        yuan(fee), '0.60%', '0.00', yuan(refund.refund), '',
      ]);
    }
  }
  const summary = [String(rows.length), yuan(paid), yuan(refunded), '0.00', yuan(fees), yuan(paid), yuan(refunded)];
  const lines = [
    HEADER.join(','),
    ...rows.map((row) => row.map((cell) => `\`${cell}`).join(',')),
    SUMMARY_HEADER.join(','),
    summary.map((cell) => `\`${cell}`).join(','),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
