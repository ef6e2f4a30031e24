/** Combine orders: each INDIVIDUALTRADE sub-order must name an authorized individual payee. */
import { combineApp, combineMiniProgram } from '../../endpoints/overrides/combine-transactions';
import { SandboxError, paramError } from '../errors';
import { prepayId, rfc3339 } from '../ids';
import { ok, type Reply } from '../reply';
import type { CombineOrderRecord } from '../state';
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

  const record: CombineOrderRecord = {
    combine_out_trade_no: body.combine_out_trade_no,
    combine_appid: body.combine_appid,
    prepay_id: prepayId(),
    fingerprint: print,
    sub_orders: body.sub_orders.map((subOrder) => ({
      out_trade_no: subOrder.out_trade_no,
      total_amount: subOrder.amount.total_amount,
      ...(subOrder.individual_auth_id ? { individual_auth_id: subOrder.individual_auth_id } : {}),
    })),
    created_time: rfc3339(world.now()),
  };
  data.combineOrders[record.combine_out_trade_no] = record;
  world.state.commit();
  return ok({ prepay_id: record.prepay_id });
}

export const combineTransactionRoutes: readonly Route[] = [
  route(combineMiniProgram, placeCombineOrder),
  route(combineApp, placeCombineOrder),
];
