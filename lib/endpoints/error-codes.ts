/**
 * WeChat Pay APIv3 error codes: HTTP status and the usual message (docs/protocol.md §3). The same
 * code may carry different messages in practice; these are the defaults.
 */
export const errorCodes = {
  PARAM_ERROR: { status: 400, message: '参数错误' },
  INVALID_REQUEST: { status: 400, message: 'HTTP 请求不符合微信支付 APIv3 接口规则' },
  ORDER_CLOSED: { status: 400, message: '订单已关闭' },
  NO_STATEMENT_EXIST: { status: 400, message: '账单文件不存在' },
  SIGN_ERROR: { status: 401, message: '签名错误，验签失败' },
  NO_AUTH: { status: 403, message: '商户无权限' },
  OUT_TRADE_NO_USED: { status: 403, message: '商户订单号重复' },
  ORDERPAID: { status: 403, message: '订单已支付' },
  NOTENOUGH: { status: 403, message: '余额不足' },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  ORDER_NOT_EXIST: { status: 404, message: '订单不存在' },
  RESOURCE_NOT_EXISTS: { status: 404, message: '资源不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '请求方法不允许' },
  FREQUENCY_LIMITED: { status: 429, message: '频率超限' },
  SYSTEM_ERROR: { status: 500, message: '系统异常，请稍后重试' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** Codes every APIv3 endpoint may answer, listed once instead of on each description. */
export const commonErrors = ['PARAM_ERROR', 'INVALID_REQUEST', 'SIGN_ERROR', 'SYSTEM_ERROR'] as const satisfies readonly ErrorCode[];
