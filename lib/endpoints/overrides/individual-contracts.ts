/**
 * Personal collections (个人收款): the individual payee's authorization (docs/protocol.md §9).
 * @see https://pay.weixin.qq.com/doc/v3/merchant/4012739528
 */
import type { EndpointDescription } from '../types';

const appid = { type: 'string', required: true, maxLength: 32, description: 'AppID of the platform mini-program or app' } as const;
const outContractCode = {
  type: 'string',
  required: true,
  maxLength: 128,
  pattern: '^[0-9A-Za-z_-]+$',
  description: 'the platform’s application number, unique per platform',
} as const;
const realName = { type: 'string', required: true, minLength: 1, maxLength: 64, encrypted: true, description: 'payee’s real name' } as const;
const credType = { type: 'string', required: true, enum: ['ID_CARD'] } as const;
const credId = { type: 'string', required: true, minLength: 1, maxLength: 64, encrypted: true, description: 'payee’s ID number' } as const;
const preSignResponse = { status: 200, body: { pre_entrustweb_id: { type: 'string', required: true, maxLength: 128 } } } as const;

export const queryIndividualContract = {
  method: 'GET',
  path: 'v3/ecommerce/individual-contracts/{openid}',
  summary: 'Query an individual payee’s authorization (查询个人收款方授权结果)',
  pathParams: { openid: { type: 'string', required: true, maxLength: 128 } },
  query: {
    appid: { type: 'string', required: true, maxLength: 128 },
    permission_type: { type: 'string', required: true, enum: ['INDIVIDUAL_PAYEE'] },
  },
  response: {
    status: 200,
    body: {
      individual_auth_id: { type: 'string', required: true, maxLength: 64 },
      operation_time: { type: 'string', required: true, format: 'date-time' },
      auth_state: { type: 'string', required: true, enum: ['AUTHORIZED', 'UNAUTHORIZED'] },
    },
  },
  errors: ['NOT_FOUND'],
  docs: 'https://pay.weixin.qq.com/doc/v3/merchant/4012739528',
} as const satisfies EndpointDescription;

export const preSignMiniProgram = {
  method: 'POST',
  path: 'v3/ecommerce/individual-contracts/pre-entrust-sign/mini-program',
  summary: 'Pre-sign an individual payee in a mini-program (小程序预签约)',
  body: { appid, out_contract_code: outContractCode, openid: { type: 'string', required: true, maxLength: 64 } },
  response: preSignResponse,
  errors: [],
} as const satisfies EndpointDescription;

export const preSignApp = {
  method: 'POST',
  path: 'v3/ecommerce/individual-contracts/pre-entrust-sign/app',
  summary: 'Pre-sign an individual payee in an app (APP预签约)',
  body: { appid, out_contract_code: outContractCode },
  response: preSignResponse,
  errors: [],
} as const satisfies EndpointDescription;

export const preSignWithRealNameMiniProgram = {
  method: 'POST',
  path: 'v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/mini-program',
  summary: 'Pre-sign with a real-name check in a mini-program (带实名校验的小程序预签约)',
  body: {
    appid,
    out_contract_code: outContractCode,
    openid: { type: 'string', required: true, maxLength: 64 },
    real_name: realName,
    cred_type: credType,
    cred_id: credId,
  },
  response: preSignResponse,
  errors: [],
} as const satisfies EndpointDescription;

export const preSignWithRealNameApp = {
  method: 'POST',
  path: 'v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/app',
  summary: 'Pre-sign with a real-name check in an app (带实名校验的APP预签约)',
  body: { appid, out_contract_code: outContractCode, real_name: realName, cred_type: credType, cred_id: credId },
  response: preSignResponse,
  errors: [],
} as const satisfies EndpointDescription;

export const queryContractByOutContractCode = {
  method: 'GET',
  path: 'v3/ecommerce/individual-contracts/out-contract-code/{out_contract_code}',
  summary: 'Query a sign-up by the platform’s application number (根据业务申请单号查签约信息)',
  pathParams: { out_contract_code: outContractCode },
  query: { appid },
  response: {
    status: 200,
    body: {
      individual_auth_id: { type: 'string', maxLength: 64 },
      signed_time: { type: 'string', required: true, format: 'date-time' },
      auth_state: { type: 'string', required: true, enum: ['AUTHORIZED', 'UNAUTHORIZED'] },
      individual_openid: { type: 'string', maxLength: 128 },
    },
  },
  errors: ['NOT_FOUND'],
} as const satisfies EndpointDescription;

export const individualContracts = [
  queryIndividualContract,
  preSignMiniProgram,
  preSignApp,
  preSignWithRealNameMiniProgram,
  preSignWithRealNameApp,
  queryContractByOutContractCode,
] as const;
