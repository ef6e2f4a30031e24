/**
 * Direct-merchant payments (基础支付): prepay, query and close (docs/protocol.md §10).
 * @see https://pay.weixin.qq.com/doc/v3/merchant/4012525167
 */
import type { EndpointDescription } from '../types';

const mchid = { type: 'string', required: true, maxLength: 32 } as const;
const outTradeNo = { type: 'string', required: true, minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z_\\-|*]+$' } as const;

const prepayBody = {
  appid: { type: 'string', required: true, maxLength: 32 },
  mchid,
  description: { type: 'string', required: true, maxLength: 127 },
  out_trade_no: outTradeNo,
  time_expire: { type: 'string', format: 'date-time' },
  attach: { type: 'string', maxLength: 128 },
  notify_url: { type: 'string', required: true, maxLength: 255, format: 'uri' },
  goods_tag: { type: 'string', maxLength: 32 },
  support_fapiao: { type: 'boolean' },
  amount: {
    type: 'object',
    required: true,
    properties: {
      total: { type: 'integer', required: true, minimum: 1 },
      currency: { type: 'string', enum: ['CNY'] },
    },
  },
  settle_info: { type: 'object', properties: { profit_sharing: { type: 'boolean' } } },
} as const;

const sceneInfo = {
  payer_client_ip: { type: 'string', required: true, maxLength: 45 },
  device_id: { type: 'string', maxLength: 32 },
} as const;

const prepayId = { status: 200, body: { prepay_id: { type: 'string', required: true, maxLength: 64 } } } as const;

export const prepayJsapi = {
  method: 'POST',
  path: 'v3/pay/transactions/jsapi',
  summary: 'JSAPI / mini-program prepay (JSAPI下单)',
  body: {
    ...prepayBody,
    payer: { type: 'object', required: true, properties: { openid: { type: 'string', required: true, maxLength: 128 } } },
    scene_info: { type: 'object', properties: sceneInfo },
  },
  signerMchid: { location: 'body', field: '/mchid' },
  response: prepayId,
  errors: ['OUT_TRADE_NO_USED', 'ORDERPAID', 'ORDER_CLOSED'],
  docs: 'https://pay.weixin.qq.com/doc/v3/merchant/4012525167',
} as const satisfies EndpointDescription;

export const prepayApp = {
  method: 'POST',
  path: 'v3/pay/transactions/app',
  summary: 'APP prepay (APP下单)',
  body: { ...prepayBody, scene_info: { type: 'object', properties: sceneInfo } },
  signerMchid: { location: 'body', field: '/mchid' },
  response: prepayId,
  errors: ['OUT_TRADE_NO_USED', 'ORDERPAID', 'ORDER_CLOSED'],
} as const satisfies EndpointDescription;

export const prepayNative = {
  method: 'POST',
  path: 'v3/pay/transactions/native',
  summary: 'Native (QR code) prepay (Native下单)',
  body: { ...prepayBody, scene_info: { type: 'object', properties: sceneInfo } },
  signerMchid: { location: 'body', field: '/mchid' },
  response: { status: 200, body: { code_url: { type: 'string', required: true, maxLength: 64 } } },
  errors: ['OUT_TRADE_NO_USED', 'ORDERPAID', 'ORDER_CLOSED'],
} as const satisfies EndpointDescription;

export const prepayH5 = {
  method: 'POST',
  path: 'v3/pay/transactions/h5',
  summary: 'H5 prepay (H5下单)',
  body: {
    ...prepayBody,
    scene_info: {
      type: 'object',
      required: true,
      properties: {
        ...sceneInfo,
        h5_info: {
          type: 'object',
          required: true,
          properties: {
            type: { type: 'string', required: true, maxLength: 32, description: 'Wap, iOS or Android' },
            app_name: { type: 'string', maxLength: 64 },
            app_url: { type: 'string', maxLength: 128 },
            bundle_id: { type: 'string', maxLength: 128 },
            package_name: { type: 'string', maxLength: 128 },
          },
        },
      },
    },
  },
  signerMchid: { location: 'body', field: '/mchid' },
  response: { status: 200, body: { h5_url: { type: 'string', required: true, maxLength: 512 } } },
  errors: ['OUT_TRADE_NO_USED', 'ORDERPAID', 'ORDER_CLOSED'],
} as const satisfies EndpointDescription;

/** The `Transaction` object both queries answer. */
const transaction = {
  appid: { type: 'string', required: true },
  mchid: { type: 'string', required: true },
  out_trade_no: { type: 'string', required: true },
  transaction_id: { type: 'string', maxLength: 32 },
  trade_type: { type: 'string', enum: ['JSAPI', 'NATIVE', 'APP', 'MICROPAY', 'MWEB', 'FACEPAY'] },
  trade_state: {
    type: 'string',
    required: true,
    enum: ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'],
  },
  trade_state_desc: { type: 'string', required: true },
  bank_type: { type: 'string' },
  attach: { type: 'string' },
  success_time: { type: 'string', format: 'date-time' },
  payer: { type: 'object', properties: { openid: { type: 'string' } } },
  amount: {
    type: 'object',
    properties: {
      total: { type: 'integer' },
      payer_total: { type: 'integer' },
      currency: { type: 'string' },
      payer_currency: { type: 'string' },
    },
  },
} as const;

export const queryByTransactionId = {
  method: 'GET',
  path: 'v3/pay/transactions/id/{transaction_id}',
  summary: 'Query an order by WeChat Pay’s transaction id (微信支付订单号查询订单)',
  pathParams: { transaction_id: { type: 'string', required: true, maxLength: 32 } },
  query: { mchid },
  signerMchid: { location: 'query', field: 'mchid' },
  response: { status: 200, body: transaction },
  errors: ['ORDER_NOT_EXIST'],
} as const satisfies EndpointDescription;

export const queryByOutTradeNo = {
  method: 'GET',
  path: 'v3/pay/transactions/out-trade-no/{out_trade_no}',
  summary: 'Query an order by the merchant’s order number (商户订单号查询订单)',
  pathParams: { out_trade_no: outTradeNo },
  query: { mchid },
  signerMchid: { location: 'query', field: 'mchid' },
  response: { status: 200, body: transaction },
  errors: ['ORDER_NOT_EXIST'],
  docs: 'https://pay.weixin.qq.com/doc/v3/merchant/4012556352',
} as const satisfies EndpointDescription;

export const closeOrder = {
  method: 'POST',
  path: 'v3/pay/transactions/out-trade-no/{out_trade_no}/close',
  summary: 'Close an unpaid order (关闭订单)',
  pathParams: { out_trade_no: outTradeNo },
  body: { mchid },
  signerMchid: { location: 'body', field: '/mchid' },
  response: { status: 204 },
  errors: ['ORDER_NOT_EXIST', 'ORDERPAID'],
} as const satisfies EndpointDescription;

export const transactions = [
  prepayJsapi,
  prepayApp,
  prepayNative,
  prepayH5,
  queryByTransactionId,
  queryByOutTradeNo,
  closeOrder,
] as const;
