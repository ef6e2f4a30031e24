/**
 * Combine orders (合单): placed with their sub-orders (each INDIVIDUALTRADE sub-order must name an
 * authorized individual payee), queried, closed, and paid as the user pays them: one payment settles every
 * sub-order, and one TRANSACTION.SUCCESS notification carries them all.
 */
import { closeCombineOrder, combineApp, combineMiniProgram, queryCombineByOutTradeNo } from '../../endpoints/overrides/combine-transactions';
import { InvalidArgumentException } from '../../errors';
import { SandboxError, paramError } from '../errors';
import { openid as newOpenid, prepayId, rfc3339, transactionId } from '../ids';
import { noContent, ok, type Reply } from '../reply';
import type { CombineOrderRecord, CombineTradeState } from '../state';
import type { SandboxWorld } from '../world';
import { fingerprint, route, type Call, type Route } from './route';

function placeCombineOrder(call: Call<typeof combineMiniProgram | typeof combineApp>): Reply {
  const { body, world } = call;
  const data = world.state.data;
  const print = fingerprint({ path: call.endpoint.path, ...body });
  const existing = data.combineOrders[body.combine_out_trade_no];
  if (existing) {
    if (existing.fingerprint !== print) throw new SandboxError('OUT_TRADE_NO_USED', '商户订单号重复');
    return ok({ prepay_id: existing.prepay_id });
  }

  const authorized = new Set(
    Object.values(data.contracts)
      .filter((contract) => contract.auth_state === 'AUTHORIZED')
      .map((contract) => contract.individual_auth_id),
  );
  body.sub_orders.forEach((subOrder, index) => {
    if (subOrder.order_service_type !== 'INDIVIDUALTRADE') return;
    const field = `/sub_orders/${index}/individual_auth_id`;
    if (!subOrder.individual_auth_id) {
      throw paramError({ field, value: '', issue: '此字段为必填项 (required for INDIVIDUALTRADE)', location: 'body' }, '必填性');
    }
    if (!authorized.has(subOrder.individual_auth_id)) {
      throw new SandboxError('NO_AUTH', '个人收款方未授权或授权已失效', {
        field,
        value: subOrder.individual_auth_id,
        issue: 'no AUTHORIZED individual payee has this individual_auth_id',
        location: 'body',
      });
    }
  });

  const payer = body.combine_payer_info?.openid;
  const record: CombineOrderRecord = {
    combine_out_trade_no: body.combine_out_trade_no,
    combine_appid: body.combine_appid,
    combine_mchid: body.combine_mchid,
    trade_type: call.endpoint === combineMiniProgram ? 'JSAPI' : 'APP',
    trade_state: 'NOTPAY',
    prepay_id: prepayId(),
    fingerprint: print,
    sub_orders: body.sub_orders.map((subOrder) => ({
      mchid: subOrder.mchid,
      out_trade_no: subOrder.out_trade_no,
      description: subOrder.description,
      attach: subOrder.attach,
      total_amount: subOrder.amount.total_amount,
      currency: subOrder.amount.currency,
      trade_state: 'NOTPAY',
      ...(subOrder.individual_auth_id ? { individual_auth_id: subOrder.individual_auth_id } : {}),
    })),
    notify_url: body.notify_url,
    ...(payer ? { payer_openid: payer } : {}),
    ...(body.scene_info?.device_id ? { scene_info: { device_id: body.scene_info.device_id } } : {}),
    created_time: rfc3339(world.now()),
  };
  data.combineOrders[record.combine_out_trade_no] = record;
  world.state.commit();
  return ok({ prepay_id: record.prepay_id });
}

export const combineStateOf = (record: Pick<CombineOrderRecord, 'trade_state'>): CombineTradeState => record.trade_state ?? 'NOTPAY';

/**
 * The combine order as the query answers it and the payment notification carries it: each sub-order with
 * its state; once paid, its transaction id, success time, bank and payer amount, and the payer.
 */
export function combineView(record: CombineOrderRecord): Record<string, unknown> {
  const paid = combineStateOf(record) === 'SUCCESS';
  return {
    combine_appid: record.combine_appid,
    combine_mchid: record.combine_mchid,
    combine_out_trade_no: record.combine_out_trade_no,
    ...(record.combine_transaction_id ? { combine_transaction_id: record.combine_transaction_id } : {}),
    ...(record.scene_info ? { scene_info: record.scene_info } : {}),
    sub_orders: record.sub_orders.map((subOrder) => ({
      mchid: subOrder.mchid,
      ...(subOrder.individual_auth_id ? { individual_auth_id: subOrder.individual_auth_id } : {}),
      trade_type: record.trade_type,
      trade_state: subOrder.trade_state ?? 'NOTPAY',
      ...(paid ? { bank_type: 'OTHERS', success_time: subOrder.success_time, transaction_id: subOrder.transaction_id } : {}),
      attach: subOrder.attach,
      out_trade_no: subOrder.out_trade_no,
      amount: paid
        ? { total_amount: subOrder.total_amount, payer_amount: subOrder.total_amount, currency: subOrder.currency, payer_currency: subOrder.currency }
        : { total_amount: subOrder.total_amount, currency: subOrder.currency },
    })),
    ...(record.payer_openid ? { combine_payer_info: { openid: record.payer_openid } } : {}),
  };
}

/**
 * Plays the user paying an open combine order: one payment, every sub-order SUCCESS with its own
 * transaction id. A mini-program order keeps the payer it named; otherwise `openid`, or a new user.
 */
export function markCombinePaid(world: SandboxWorld, combineOutTradeNo: string, options: { openid?: string } = {}): CombineOrderRecord {
  const record = world.state.data.combineOrders[combineOutTradeNo];
  if (!record) throw new InvalidArgumentException(`No combine order with combine_out_trade_no ${combineOutTradeNo}.`);
  const state = combineStateOf(record);
  if (state !== 'NOTPAY') throw new InvalidArgumentException(`Combine order ${combineOutTradeNo} is ${state}, not NOTPAY.`);
  const successTime = rfc3339(world.now());
  record.trade_state = 'SUCCESS';
  record.combine_transaction_id = transactionId();
  record.payer_openid ??= options.openid ?? newOpenid();
  for (const subOrder of record.sub_orders) Object.assign(subOrder, { trade_state: 'SUCCESS', transaction_id: transactionId(), success_time: successTime });
  world.state.commit();
  return record;
}

/** Closes an unpaid combine order and its sub-orders (closing a closed one again is fine); the API and the console share it. */
export function closeOpenCombineOrder(world: SandboxWorld, combineOutTradeNo: string): CombineOrderRecord {
  const record = world.state.data.combineOrders[combineOutTradeNo];
  if (!record) throw new SandboxError('ORDER_NOT_EXIST', '订单不存在');
  if (combineStateOf(record) === 'SUCCESS') throw new SandboxError('ORDERPAID');
  record.trade_state = 'CLOSED';
  for (const subOrder of record.sub_orders) subOrder.trade_state = 'CLOSED';
  world.state.commit();
  return record;
}

/** The merchant's own combine order, or ORDER_NOT_EXIST (another merchant's order is not shown). */
function ownCombineOrder({ world, mchid }: Pick<Call, 'world' | 'mchid'>, combineOutTradeNo: string): CombineOrderRecord {
  const record = world.state.data.combineOrders[combineOutTradeNo];
  if (!record || (record.combine_mchid !== undefined && record.combine_mchid !== mchid)) throw new SandboxError('ORDER_NOT_EXIST', '订单不存在');
  return record;
}

export const combineTransactionRoutes: readonly Route[] = [
  route(combineMiniProgram, placeCombineOrder),
  route(combineApp, placeCombineOrder),
  route(queryCombineByOutTradeNo, (call) => ok(combineView(ownCombineOrder(call, call.params.combine_out_trade_no)))),
  route(closeCombineOrder, (call) => {
    const { params, body, world } = call;
    const record = ownCombineOrder(call, params.combine_out_trade_no);
    if (body.combine_appid !== record.combine_appid) {
      throw paramError({ field: '/combine_appid', value: body.combine_appid, issue: `the combine order was placed under ${record.combine_appid}`, location: 'body' }, '一致性');
    }
    const ours = new Set(record.sub_orders.map((subOrder) => subOrder.out_trade_no));
    body.sub_orders.forEach((subOrder, index) => {
      if (!ours.has(subOrder.out_trade_no)) {
        throw paramError({ field: `/sub_orders/${index}/out_trade_no`, value: subOrder.out_trade_no, issue: 'no sub-order of this combine order has this out_trade_no', location: 'body' }, '一致性');
      }
    });
    closeOpenCombineOrder(world, record.combine_out_trade_no);
    return noContent;
  }),
];
