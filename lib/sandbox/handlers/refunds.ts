/**
 * Domestic refunds: create (answers PROCESSING, then settles at once as SUCCESS) and query; the console
 * can later make a refund fail (CLOSED) or go ABNORMAL, which sends the matching notification.
 */
import { createRefund, queryRefund } from '../../endpoints/overrides/refunds';
import { InvalidArgumentException } from '../../errors';
import { SandboxError, paramError } from '../errors';
import { refundId, rfc3339 } from '../ids';
import { ok } from '../reply';
import type { RefundRecord, RefundStatus } from '../state';
import type { SandboxWorld } from '../world';
import { fingerprint, route, type Route } from './route';

function refundView(refund: RefundRecord, status: 'PROCESSING' | RefundStatus): Record<string, unknown> {
  return {
    refund_id: refund.refund_id,
    out_refund_no: refund.out_refund_no,
    transaction_id: refund.transaction_id,
    out_trade_no: refund.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(status === 'SUCCESS' ? { success_time: refund.success_time } : {}),
    create_time: refund.create_time,
    status,
    funds_account: refund.funds_account ?? 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: refund.currency,
    },
  };
}

export const refundRoutes: readonly Route[] = [
  route(createRefund, ({ body, world }) => {
    const data = world.state.data;
    const print = fingerprint(body);
    const existing = data.refunds[body.out_refund_no];
    if (existing) {
      if (existing.fingerprint !== print) throw new SandboxError('INVALID_REQUEST', '退款单号已被使用，请更换退款单号');
      return ok(refundView(existing, existing.status ?? 'SUCCESS'));
    }
    const order = body.transaction_id ? world.state.orderByTransactionId(body.transaction_id) : data.orders[body.out_trade_no ?? ''];
    if (!order || (body.out_trade_no !== undefined && order.out_trade_no !== body.out_trade_no)) {
      throw new SandboxError('RESOURCE_NOT_EXISTS', '订单不存在');
    }
    if (!order.transaction_id || order.trade_state === 'CLOSED' || order.trade_state === 'NOTPAY') {
      throw new SandboxError('INVALID_REQUEST', '订单未支付，不能发起退款');
    }
    if (body.amount.total !== order.total) {
      throw paramError({ field: '/amount/total', value: body.amount.total, issue: `must equal the order total ${order.total}`, location: 'body' }, '一致性');
    }
    const refundable = order.total - order.refunded;
    if (body.amount.refund > refundable) {
      throw new SandboxError('NOTENOUGH', `申请退款金额超过订单可退金额（可退 ${refundable} 分）`);
    }
    const now = rfc3339(world.now());
    const refund: RefundRecord = {
      refund_id: refundId(),
      out_refund_no: body.out_refund_no,
      out_trade_no: order.out_trade_no,
      transaction_id: order.transaction_id,
      refund: body.amount.refund,
      total: body.amount.total,
      currency: body.amount.currency,
      create_time: now,
      success_time: now,
      fingerprint: print,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      ...(body.funds_account === undefined ? {} : { funds_account: body.funds_account }),
      ...(body.notify_url === undefined ? {} : { notify_url: body.notify_url }),
    };
    data.refunds[refund.out_refund_no] = refund;
    order.refunded += refund.refund;
    order.trade_state = 'REFUND';
    world.state.commit();
    notifyRefund(world, refund, 'SUCCESS');
    return ok(refundView(refund, 'PROCESSING'));
  }),
  route(queryRefund, ({ params, world }) => {
    const refund = world.state.data.refunds[params.out_refund_no];
    if (!refund) throw new SandboxError('RESOURCE_NOT_EXISTS', '退款单不存在');
    return ok(refundView(refund, refund.status ?? 'SUCCESS'));
  }),
];

function notifyRefund(world: SandboxWorld, refund: RefundRecord, status: RefundStatus): void {
  if (refund.notify_url === undefined) return;
  const { status: _status, ...view } = refundView(refund, status);
  const mchid = world.state.data.orders[refund.out_trade_no]?.mchid ?? world.keys.mchid;
  world.notify({ url: refund.notify_url, eventType: `REFUND.${status}`, resource: { mchid, ...view, refund_status: status } });
}

/** Plays WeChat Pay settling a refund another way (CLOSED gives the amount back to the order); notifies as it would. */
export function settleRefund(world: SandboxWorld, outRefundNo: string, status: RefundStatus): RefundRecord {
  const refund = world.state.data.refunds[outRefundNo];
  if (!refund) throw new InvalidArgumentException(`No refund with out_refund_no ${outRefundNo}.`);
  const before = refund.status ?? 'SUCCESS';
  if (before === status) return refund;
  const order = world.state.data.orders[refund.out_trade_no];
  if (order && (before === 'CLOSED') !== (status === 'CLOSED')) {
    order.refunded += status === 'CLOSED' ? -refund.refund : refund.refund;
    order.trade_state = order.refunded > 0 ? 'REFUND' : 'SUCCESS';
  }
  refund.status = status;
  world.state.commit();
  notifyRefund(world, refund, status);
  return refund;
}
