/**
 * Combine orders (合单下单); the personal-collections orders pay an individual payee through an
 * `INDIVIDUALTRADE` sub-order carrying its `individual_auth_id` (docs/protocol.md §9).
 * @see https://pay.weixin.qq.com/docs/merchant/apis/personal-collections/mini-program-prepay.html
 */
import type { EndpointDescription } from '../types';

const subOrder = {
  type: 'object',
  properties: {
    mchid: { type: 'string', required: true, maxLength: 32 },
    attach: { type: 'string', required: true, maxLength: 128 },
    amount: {
      type: 'object',
      required: true,
      properties: {
        total_amount: { type: 'integer', required: true, minimum: 1 },
        currency: { type: 'string', required: true, enum: ['CNY'] },
      },
    },
    out_trade_no: { type: 'string', required: true, minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z_\\-|*]+$' },
    description: { type: 'string', required: true, maxLength: 127 },
    order_service_type: { type: 'string', enum: ['INDIVIDUALTRADE'] },
    individual_auth_id: { type: 'string', maxLength: 64, description: 'required for INDIVIDUALTRADE sub-orders' },
    individual_name: { type: 'string', maxLength: 64 },
  },
} as const;

const combineBody = {
  combine_appid: { type: 'string', required: true, maxLength: 32 },
  combine_mchid: { type: 'string', required: true, maxLength: 32 },
  combine_out_trade_no: { type: 'string', required: true, minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z_\\-|*]+$' },
  scene_info: {
    type: 'object',
    properties: {
      device_id: { type: 'string', maxLength: 16 },
      payer_client_ip: { type: 'string', required: true, maxLength: 45 },
    },
  },
  sub_orders: { type: 'array', required: true, minItems: 1, maxItems: 50, items: subOrder },
  time_start: { type: 'string', format: 'date-time' },
  time_expire: { type: 'string', format: 'date-time' },
  notify_url: { type: 'string', required: true, maxLength: 256, format: 'uri' },
  trade_scenario: { type: 'string', enum: ['RECOMMERCE'] },
} as const;

const prepayResponse = { status: 200, body: { prepay_id: { type: 'string', required: true, maxLength: 64 } } } as const;

export const combineMiniProgram = {
  method: 'POST',
  path: 'v3/combine-transactions/miniprogram',
  summary: 'Place a combine order paid in a mini-program (合单下单-小程序)',
  body: {
    ...combineBody,
    combine_payer_info: {
      type: 'object',
      required: true,
      properties: { openid: { type: 'string', required: true, maxLength: 128 } },
    },
  },
  signerMchid: { location: 'body', field: '/combine_mchid' },
  response: prepayResponse,
  errors: ['NO_AUTH', 'OUT_TRADE_NO_USED'],
} as const satisfies EndpointDescription;

export const combineApp = {
  method: 'POST',
  path: 'v3/combine-transactions/app',
  summary: 'Place a combine order paid in an app (合单下单-APP)',
  body: {
    ...combineBody,
    combine_payer_info: { type: 'object', properties: { openid: { type: 'string', maxLength: 128 } } },
  },
  signerMchid: { location: 'body', field: '/combine_mchid' },
  response: prepayResponse,
  errors: ['NO_AUTH', 'OUT_TRADE_NO_USED'],
} as const satisfies EndpointDescription;

export const combineTransactions = [combineMiniProgram, combineApp] as const;
