/** Personal collections: authorization query, pre-sign (plain and real-name), query by application number. */
import {
  preSignApp,
  preSignMiniProgram,
  preSignWithRealNameApp,
  preSignWithRealNameMiniProgram,
  queryContractByOutContractCode,
  queryIndividualContract,
} from '../../endpoints/overrides/individual-contracts';
import { SandboxError, paramError } from '../errors';
import { individualAuthId, openid as newOpenid, preEntrustwebId, rfc3339 } from '../ids';
import { ok, type Reply } from '../reply';
import { SEED } from '../seed';
import { contractKey, type ContractRecord, type PreSignRecord } from '../state';
import type { SandboxWorld } from '../world';
import { fingerprint, route, type Call, type Route } from './route';

type PreSignEndpoint =
  | typeof preSignMiniProgram
  | typeof preSignApp
  | typeof preSignWithRealNameMiniProgram
  | typeof preSignWithRealNameApp;

function preSign(call: Call<PreSignEndpoint>, scene: PreSignRecord['scene']): Reply {
  const { body, world } = call;
  const data = world.state.data;
  const openid = 'openid' in body ? body.openid : undefined;
  // Ciphertexts differ on every encryption (OAEP is randomised): compare the plain text instead.
  const print = fingerprint({ scene, ...body, real_name: call.decrypted.get('/real_name'), cred_id: call.decrypted.get('/cred_id') });
  const existing = data.preSigns[body.out_contract_code];
  if (existing) {
    if (existing.fingerprint !== print) {
      throw paramError(
        { field: '/out_contract_code', value: body.out_contract_code, issue: 'already used by a different application', location: 'body' },
        '唯一性',
      );
    }
    return ok({ pre_entrustweb_id: existing.pre_entrustweb_id });
  }
  const record: PreSignRecord = {
    out_contract_code: body.out_contract_code,
    appid: body.appid,
    scene,
    real_name_checked: call.decrypted.has('/real_name'),
    pre_entrustweb_id: preEntrustwebId(),
    created_time: rfc3339(world.now()),
    fingerprint: print,
    ...(openid === undefined ? {} : { openid }),
  };
  data.preSigns[record.out_contract_code] = record;
  world.state.commit();
  return ok({ pre_entrustweb_id: record.pre_entrustweb_id });
}

/**
 * Plays the user completing the sign-up in the mini-program or app. `ref` is an
 * `out_contract_code` from a pre-sign, or else an openid to authorize directly.
 */
export function completeSignUp(world: SandboxWorld, ref: string, options: { appid?: string; openid?: string } = {}): ContractRecord {
  const data = world.state.data;
  const application = data.preSigns[ref];
  const appid = application?.appid ?? options.appid ?? SEED.appid;
  const openid = application?.openid ?? options.openid ?? (application ? newOpenid() : ref);
  const key = contractKey(appid, openid);
  const now = rfc3339(world.now());
  const contract: ContractRecord = {
    appid,
    openid,
    auth_state: 'AUTHORIZED',
    individual_auth_id: data.contracts[key]?.individual_auth_id ?? individualAuthId(),
    operation_time: now,
  };
  data.contracts[key] = contract;
  if (application) Object.assign(application, { openid, signed_time: now });
  world.state.commit();
  return contract;
}

export const individualContractRoutes: readonly Route[] = [
  route(queryIndividualContract, ({ params, query, world }) => {
    const contract = world.state.data.contracts[contractKey(query.appid, params.openid)];
    if (contract) {
      const { individual_auth_id = '', operation_time, auth_state } = contract;
      return ok({ individual_auth_id, operation_time, auth_state });
    }
    // Undocumented upstream: a user who never signed. 200 UNAUTHORIZED unless configured otherwise.
    if (world.unknownOpenid === 'not_found') throw new SandboxError('NOT_FOUND', '该用户未进行过个人收款授权');
    return ok({ individual_auth_id: '', operation_time: rfc3339(world.now()), auth_state: 'UNAUTHORIZED' });
  }),
  route(preSignMiniProgram, (call) => preSign(call, 'mini-program')),
  route(preSignApp, (call) => preSign(call, 'app')),
  route(preSignWithRealNameMiniProgram, (call) => preSign(call, 'mini-program')),
  route(preSignWithRealNameApp, (call) => preSign(call, 'app')),
  route(queryContractByOutContractCode, ({ params, query, world }) => {
    const application = world.state.data.preSigns[params.out_contract_code];
    if (!application || application.appid !== query.appid) throw new SandboxError('NOT_FOUND', '签约申请单不存在');
    const contract = application.openid ? world.state.data.contracts[contractKey(application.appid, application.openid)] : undefined;
    const signed = application.signed_time !== undefined && contract?.auth_state === 'AUTHORIZED';
    return ok({
      ...(signed ? { individual_auth_id: contract.individual_auth_id } : {}),
      signed_time: application.signed_time ?? application.created_time,
      auth_state: signed ? 'AUTHORIZED' : 'UNAUTHORIZED',
      ...(application.openid ? { individual_openid: application.openid } : {}),
    });
  }),
];
