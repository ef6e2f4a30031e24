/** Direct-merchant payments: prepay in four flavours, query by either id, close, and the mark-paid hook. */
import { randomBytes } from 'node:crypto';
import {
  closeOrder,
  prepayApp,
  prepayH5,
  prepayJsapi,
  prepayNative,
  queryByOutTradeNo,
  queryByTransactionId,
} from '../../endpoints/overrides/transactions';
import { InvalidArgumentException } from '../../errors';
import { SandboxError } from '../errors';
import { openid as newOpenid, prepayId, rfc3339, transactionId } from '../ids';
import { noContent, ok, type Reply } from '../reply';
import type { OrderRecord, TradeType } from '../state';
import type { SandboxWorld } from '../world';
import { CASHIER_PATH } from '../console/paths';
import { fingerprint, route, type Call, type Route } from './route';

type PrepayEndpoint = typeof prepayJsapi | typeof prepayApp | typeof prepayNative | typeof prepayH5;

const STATE_DESCRIPTIONS = { NOTPAY: '订单未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '订单已关闭' } as const;

/**
 * The prepay answer. An H5 order's `h5_url` is where the payer's browser is sent to pay: WeChat Pay's
 * `checkmweb` page in production, the sandbox's own simulated cashier here (same query: `prepay_id`,
 * `package`; the merchant may append `redirect_url`), so the H5 flow runs end to end on this machine.
 */
function answerFor(tradeType: TradeType, world: SandboxWorld): Record<string, string> {
  const prepay = prepayId();
  switch (tradeType) {
    case 'NATIVE':
      return { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(6).toString('base64url')}` };
    case 'MWEB':
      return { h5_url: `${world.baseUri()}${CASHIER_PATH.slice(1)}?prepay_id=${prepay}&package=${randomBytes(5).readUInt32BE()}` };
    default:
      return { prepay_id: prepay };
  }
}

function prepay(call: Call<PrepayEndpoint>, tradeType: TradeType): Reply {
  const { body, world } = call;
  const data = world.state.data;
  const print = fingerprint({ tradeType, ...body });
  const existing = data.orders[body.out_trade_no];
  if (existing) {
    if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') throw new SandboxError('ORDERPAID');
    if (existing.trade_state === 'CLOSED') throw new SandboxError('ORDER_CLOSED');
    if (existing.fingerprint !== print) throw new SandboxError('OUT_TRADE_NO_USED', '商户订单号重复，请核实商户订单号是否重复提交');
    return ok(existing.answer);
  }
  const order: OrderRecord = {
    appid: body.appid,
    mchid: body.mchid,
    out_trade_no: body.out_trade_no,
    description: body.description,
    trade_type: tradeType,
    trade_state: 'NOTPAY',
    total: body.amount.total,
    currency: body.amount.currency ?? 'CNY',
    created_time: rfc3339(world.now()),
    answer: answerFor(tradeType, world),
    fingerprint: print,
    refunded: 0,
    ...(body.notify_url === undefined ? {} : { notify_url: body.notify_url }),
    ...(body.attach === undefined ? {} : { attach: body.attach }),
    ...('payer' in body ? { payer_openid: body.payer.openid } : {}),
  };
  data.orders[order.out_trade_no] = order;
  world.state.commit();
  return ok(order.answer);
}

/** The `Transaction` body; an unpaid order shows only the subset the real API shows. */
export function transactionView(order: OrderRecord): Record<string, unknown> {
  const common = {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.out_trade_no,
    trade_state: order.trade_state,
    trade_state_desc: STATE_DESCRIPTIONS[order.trade_state],
    ...(order.attach === undefined ? {} : { attach: order.attach }),
  };
  if (!order.transaction_id) return { ...common, amount: { total: order.total, currency: order.currency } };
  return {
    ...common,
    transaction_id: order.transaction_id,
    trade_type: order.trade_type,
    bank_type: 'OTHERS',
    success_time: order.success_time,
    payer: { openid: order.payer_openid },
    amount: { total: order.total, payer_total: order.total, currency: order.currency, payer_currency: order.currency },
  };
}

const notFound = (): SandboxError => new SandboxError('ORDER_NOT_EXIST', '订单不存在');

/** Plays the payer paying an open order. */
export function markOrderPaid(world: SandboxWorld, outTradeNo: string, options: { openid?: string } = {}): OrderRecord {
  const order = world.state.data.orders[outTradeNo];
  if (!order) throw new InvalidArgumentException(`No order with out_trade_no ${outTradeNo}.`);
  if (order.trade_state !== 'NOTPAY') throw new InvalidArgumentException(`Order ${outTradeNo} is ${order.trade_state}, not NOTPAY.`);
  Object.assign(order, {
    trade_state: 'SUCCESS',
    transaction_id: transactionId(),
    success_time: rfc3339(world.now()),
    payer_openid: order.payer_openid ?? options.openid ?? newOpenid(),
  });
  world.state.commit();
  return order;
}

/** Closes an unpaid order (closing a closed one again is fine); the close API and the console share it. */
export function closeOpenOrder(world: SandboxWorld, outTradeNo: string): OrderRecord {
  const order = world.state.data.orders[outTradeNo];
  if (!order) throw notFound();
  if (order.trade_state === 'SUCCESS' || order.trade_state === 'REFUND') throw new SandboxError('ORDERPAID');
  order.trade_state = 'CLOSED';
  world.state.commit();
  return order;
}

export const transactionRoutes: readonly Route[] = [
  route(prepayJsapi, (call) => prepay(call, 'JSAPI')),
  route(prepayApp, (call) => prepay(call, 'APP')),
  route(prepayNative, (call) => prepay(call, 'NATIVE')),
  route(prepayH5, (call) => prepay(call, 'MWEB')),
  route(queryByTransactionId, ({ params, world }) => {
    const order = world.state.orderByTransactionId(params.transaction_id);
    if (!order) throw notFound();
    return ok(transactionView(order));
  }),
  route(queryByOutTradeNo, ({ params, world }) => {
    const order = world.state.data.orders[params.out_trade_no];
    if (!order) throw notFound();
    return ok(transactionView(order));
  }),
  route(closeOrder, ({ params, world }) => {
    closeOpenOrder(world, params.out_trade_no);
    return noContent;
  }),
];
