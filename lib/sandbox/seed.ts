/**
 * The state a fresh sandbox starts with: the seed's openid authorized under the seed's appid, and
 * a second openid that started signing up but never finished.
 */
import type { SandboxData } from './state';
import { contractKey } from './state';

export const SEED = {
  appid: 'wxd678efh567h23787',
  authorizedOpenid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  authorizedIndividualAuthId: '1900000109',
  unauthorizedOpenid: 'oUpF8uN95-Ptaags6E_roPHg7AG0',
  operationTime: '2018-06-08T10:34:56+08:00',
} as const;

export function seedData(): SandboxData {
  return {
    contracts: {
      [contractKey(SEED.appid, SEED.authorizedOpenid)]: {
        appid: SEED.appid,
        openid: SEED.authorizedOpenid,
        auth_state: 'AUTHORIZED',
        individual_auth_id: SEED.authorizedIndividualAuthId,
        operation_time: SEED.operationTime,
      },
      [contractKey(SEED.appid, SEED.unauthorizedOpenid)]: {
        appid: SEED.appid,
        openid: SEED.unauthorizedOpenid,
        auth_state: 'UNAUTHORIZED',
        operation_time: SEED.operationTime,
      },
    },
    preSigns: {},
    orders: {},
    combineOrders: {},
    refunds: {},
  };
}
