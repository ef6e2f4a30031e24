/**
 * Domestic refunds (退款), create and query (docs/protocol.md §10).
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter3_1_9.shtml
 */
import type { EndpointDescription } from '../types';

const refund = {
  refund_id: { type: 'string', required: true, maxLength: 32 },
  out_refund_no: { type: 'string', required: true, maxLength: 64 },
  transaction_id: { type: 'string', required: true, maxLength: 32 },
  out_trade_no: { type: 'string', required: true, maxLength: 32 },
  channel: { type: 'string', required: true, enum: ['ORIGINAL', 'BALANCE', 'OTHER_BALANCE', 'OTHER_BANKCARD'] },
  user_received_account: { type: 'string', required: true, maxLength: 64 },
  success_time: { type: 'string', format: 'date-time' },
  create_time: { type: 'string', required: true, format: 'date-time' },
  status: { type: 'string', required: true, enum: ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] },
  funds_account: { type: 'string', enum: ['UNSETTLED', 'AVAILABLE', 'UNAVAILABLE', 'OPERATION', 'BASIC'] },
  amount: {
    type: 'object',
    required: true,
    properties: {
      total: { type: 'integer', required: true },
      refund: { type: 'integer', required: true },
      payer_total: { type: 'integer', required: true },
      payer_refund: { type: 'integer', required: true },
      settlement_refund: { type: 'integer', required: true },
      settlement_total: { type: 'integer', required: true },
      discount_refund: { type: 'integer', required: true },
      currency: { type: 'string', required: true },
    },
  },
} as const;

export const createRefund = {
  method: 'POST',
  path: 'v3/refund/domestic/refunds',
  summary: 'Refund a paid order (退款申请)',
  body: {
    transaction_id: { type: 'string', maxLength: 32 },
    out_trade_no: { type: 'string', maxLength: 32 },
    out_refund_no: { type: 'string', required: true, maxLength: 64, pattern: '^[0-9A-Za-z_\\-|*@]+$' },
    reason: { type: 'string', maxLength: 80 },
    notify_url: { type: 'string', maxLength: 256, format: 'uri' },
    funds_account: { type: 'string', enum: ['AVAILABLE', 'UNSETTLED'] },
    amount: {
      type: 'object',
      required: true,
      properties: {
        refund: { type: 'integer', required: true, minimum: 1 },
        total: { type: 'integer', required: true, minimum: 1 },
        currency: { type: 'string', required: true, enum: ['CNY'] },
      },
    },
  },
  oneOf: [['transaction_id', 'out_trade_no']],
  response: { status: 200, body: refund },
  errors: ['RESOURCE_NOT_EXISTS', 'NOTENOUGH'],
} as const satisfies EndpointDescription;

export const queryRefund = {
  method: 'GET',
  path: 'v3/refund/domestic/refunds/{out_refund_no}',
  summary: 'Query a refund by the merchant’s refund number (查询单笔退款)',
  pathParams: { out_refund_no: { type: 'string', required: true, maxLength: 64 } },
  response: { status: 200, body: refund },
  errors: ['RESOURCE_NOT_EXISTS'],
} as const satisfies EndpointDescription;

export const refunds = [createRefund, queryRefund] as const;
