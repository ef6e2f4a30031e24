/**
 * Combine orders (合单下单, query, close); the personal-collections orders pay an individual payee through an
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

/** As the query and close paths state it: at most 32 characters (no minimum is given there). */
const combineOutTradeNo = { type: 'string', required: true, maxLength: 32, pattern: '^[0-9A-Za-z_\\-|*]+$' } as const;

const promotion = {
  type: 'object',
  properties: {
    coupon_id: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', enum: ['GLOBAL', 'SINGLE'] },
    type: { type: 'string', enum: ['CASH', 'NOCASH'] },
    amount: { type: 'integer' },
    stock_id: { type: 'string' },
    wechatpay_contribute: { type: 'integer' },
    merchant_contribute: { type: 'integer' },
    other_contribute: { type: 'integer' },
    currency: { type: 'string' },
    goods_detail: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          goods_id: { type: 'string', required: true },
          quantity: { type: 'integer', required: true },
          unit_price: { type: 'integer', required: true },
          discount_amount: { type: 'integer' },
          goods_remark: { type: 'string' },
        },
      },
    },
  },
} as const;

/** A sub-order as the query and the payment notification show it: an unpaid one has no payer amount nor transaction id. */
const combineSubOrderState = {
  type: 'object',
  properties: {
    mchid: { type: 'string', required: true },
    individual_auth_id: { type: 'string' },
    individual_name: { type: 'string' },
    trade_type: { type: 'string', enum: ['NATIVE', 'JSAPI', 'APP', 'MWEB'] },
    trade_state: { type: 'string', required: true, enum: ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'PAYERROR'] },
    bank_type: { type: 'string' },
    attach: { type: 'string' },
    success_time: { type: 'string', format: 'date-time' },
    transaction_id: { type: 'string' },
    out_trade_no: { type: 'string', required: true },
    sub_mchid: { type: 'string' },
    sub_appid: { type: 'string' },
    sub_openid: { type: 'string' },
    promotion_detail: { type: 'array', items: promotion },
    amount: {
      type: 'object',
      properties: {
        total_amount: { type: 'integer', required: true },
        currency: { type: 'string' },
        payer_amount: { type: 'integer' },
        payer_currency: { type: 'string' },
        settlement_rate: { type: 'integer' },
      },
    },
  },
} as const;

export const queryCombineByOutTradeNo = {
  method: 'GET',
  path: 'v3/combine-transactions/out-trade-no/{combine_out_trade_no}',
  summary: 'Query a combine order and its sub-orders’ states (合单查询订单)',
  pathParams: { combine_out_trade_no: combineOutTradeNo },
  response: {
    status: 200,
    body: {
      combine_appid: { type: 'string', required: true },
      combine_mchid: { type: 'string', required: true },
      combine_out_trade_no: { type: 'string', required: true },
      combine_transaction_id: { type: 'string', description: 'once paid' },
      scene_info: { type: 'object', properties: { device_id: { type: 'string' } } },
      sub_orders: { type: 'array', items: combineSubOrderState },
      combine_payer_info: { type: 'object', properties: { openid: { type: 'string', required: true } } },
      trade_scenario: { type: 'string', enum: ['RECOMMERCE'] },
      installment_info: {
        type: 'object',
        properties: {
          use_subsidy: { type: 'boolean', required: true },
          selected_installment_number: { type: 'integer', required: true },
        },
      },
    },
  },
  errors: ['ORDER_NOT_EXIST'],
  docs: 'https://pay.weixin.qq.com/docs/merchant/apis/personal-collections/query-by-out-trade-no.html',
} as const satisfies EndpointDescription;

export const closeCombineOrder = {
  method: 'POST',
  path: 'v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close',
  summary: 'Close an unpaid combine order and its sub-orders (合单关闭订单)',
  pathParams: { combine_out_trade_no: combineOutTradeNo },
  body: {
    combine_appid: { type: 'string', required: true, maxLength: 32 },
    sub_orders: {
      type: 'array',
      required: true,
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          mchid: { type: 'string', required: true, maxLength: 32 },
          out_trade_no: { type: 'string', required: true, maxLength: 32 },
          individual_auth_id: { type: 'string', maxLength: 64 },
          sub_mchid: { type: 'string', maxLength: 32 },
          sub_appid: { type: 'string', maxLength: 32 },
        },
      },
    },
  },
  response: { status: 204 },
  errors: ['ORDER_NOT_EXIST', 'ORDERPAID'],
} as const satisfies EndpointDescription;

export const combineTransactions = [combineMiniProgram, combineApp, queryCombineByOutTradeNo, closeCombineOrder] as const;
