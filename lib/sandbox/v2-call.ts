/**
 * One APIv2 request (`/pay/micropay`, `/secapi/pay/refund`, …): the XML body (or, for a GET, the
 * query) is read without expanding any entity, its `sign` checked with the APIv2 secret by its
 * `sign_type` (MD5 by default, or HMAC-SHA256), its `mch_id` held to the sandbox's merchant, its
 * fields checked against the description; the answer is XML signed the same way. As WeChat Pay
 * does, a communication failure (unreadable XML, bad sign) is `return_code FAIL` without a sign, a
 * business failure (a field breaks its rules) is a signed `result_code FAIL` with `err_code`.
 */
import { createHash } from 'node:crypto';
import { Hash, signFields, type SignType } from '../crypto/hash';
import type { EndpointDescription } from '../endpoints/types';
import { Transformer } from '../formats/transformer';
import { SandboxError } from './errors';
import { checkFileParts, textPartFields } from './form-fields';
import { multipartBoundary, parseMultipart, type FormPart } from './multipart';
import type { IncomingCall } from './incoming-call';
import { fingerprint } from './handlers/route';
import type { Reply } from './reply';
import { synthesize } from './synthesis';
import { checkFields } from './validation';
import type { SandboxWorld } from './world';

/** The fields that carry the merchant id, by operation family (pay, transfers, combined orders). */
const MERCHANT_FIELDS = ['mch_id', 'mchid', 'combine_mch_id'] as const;
/** Fields that belong to the exchange, not to the business: never echoed from a request. */
const EXCHANGE_FIELDS = new Set(['sign', 'sign_type', 'nonce_str']);

export function isApiV2(endpoint: EndpointDescription): boolean {
  return endpoint.family === 'v2';
}

export function answerV2Call(call: IncomingCall, endpoint: EndpointDescription, world: SandboxWorld): Reply {
  const boundary = multipartBoundary(typeof call.headers['content-type'] === 'string' ? call.headers['content-type'] : undefined);
  const parts = boundary === undefined ? undefined : parseMultipart(call.body, boundary);
  const fields = requestFields(call, parts);
  if (fields === undefined) return communicationFailure('XML格式错误 (the body is not readable APIv2 XML)');

  const signType = fields.sign_type ?? Hash.ALGO_MD5;
  if (signType !== Hash.ALGO_MD5 && signType !== Hash.ALGO_HMAC_SHA256) return communicationFailure(`sign_type参数错误 (${signType})`);
  if (!fields.sign) return communicationFailure('缺少参数sign');
  const { apiv2Secret, mchid } = world.keys;
  if (!Hash.equals(signFields(fields, apiv2Secret, signType), fields.sign)) return communicationFailure('签名错误');

  const answer = (business: Record<string, unknown>): Reply => signedReply(business, fields, signType, apiv2Secret);
  const named = MERCHANT_FIELDS.map((name) => fields[name]).find((value) => value !== undefined);
  if (named !== undefined && named !== mchid) {
    return answer({ result_code: 'FAIL', err_code: 'MCHID_NOT_EXIST', err_code_des: `商户号${named}不存在 (the sandbox's merchant is ${mchid})` });
  }
  try {
    const { sign: _sign, sign_type: _signType, ...described } = endpoint.body ?? endpoint.query ?? textPartFields(endpoint) ?? {};
    // APIv2 fields are text; encrypted ones (bank card numbers) use keys of their own and are taken as given.
    // The sign and its type were checked above, exactly (a description's length limit cannot know HMAC's 64 characters).
    checkFields(described, fields, { location: call.method === 'GET' ? 'query' : 'body', textual: true, decrypt: (text) => text });
    if (parts) checkFileParts(endpoint, parts);
  } catch (error) {
    if (!(error instanceof SandboxError) || error.code !== 'PARAM_ERROR') throw error;
    return answer({ result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: error.message });
  }

  const echo = Object.fromEntries(Object.entries(fields).filter(([name]) => !EXCHANGE_FIELDS.has(name)));
  const seed = fingerprint({ method: endpoint.method, path: endpoint.path, fields: echo });
  if (endpoint.response.status === 302) {
    const target = new URL(typeof fields.redirect_uri === 'string' ? fields.redirect_uri : world.baseUri());
    target.searchParams.set('code', seed.slice(0, 32));
    if (fields.state !== undefined) target.searchParams.set('state', fields.state);
    return { status: 302, headers: { Location: target.href }, signed: false };
  }
  if (answersWithFile(endpoint)) {
    // Bill files: text, unsigned, as WeChat Pay sends them.
    return { status: 200, bytes: Buffer.from(`交易时间,公众账号ID,商户号\n\`2026-01-01 00:00:00,\`${fields.appid ?? ''},\`${mchid}\n`), contentType: 'text/plain; charset=utf-8', signed: false };
  }
  const business = synthesize(endpoint.response.body ?? {}, echo, {
    seed,
    mchid,
    // No APIv2 reply carries an RSA-encrypted field; should one be described, it is sent as made up.
    encrypt: (plain) => plain,
  });
  // A success carries no error code, unless (community data) the description insists on one.
  if (!endpoint.response.body?.err_code?.required) delete business.err_code;
  if (!endpoint.response.body?.err_code_des?.required) delete business.err_code_des;
  return answer({ ...business, result_code: 'SUCCESS' });
}

/** The request's fields as text (an upload's: its text parts), or `undefined` when the body is not XML. */
function requestFields(call: IncomingCall, parts: readonly FormPart[] | undefined): Record<string, string> | undefined {
  if (call.method === 'GET') {
    const at = call.target.indexOf('?');
    return Object.fromEntries(new URLSearchParams(at === -1 ? '' : call.target.slice(at + 1)));
  }
  if (parts) return Object.fromEntries(parts.filter((part) => part.filename === undefined).map((part) => [part.name, part.content.toString('utf8')]));
  try {
    const parsed = Transformer.toArray(call.body);
    // Nested elements are not APIv2 fields; their JSON text stands in for them so the checks name them.
    return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
  } catch {
    return undefined;
  }
}

/**
 * Bill downloads answer a text file; the catalogue describes only their XML failure (a
 * `return_code` that can only be FAIL), or names a non-XML content type.
 */
function answersWithFile({ response }: EndpointDescription): boolean {
  const returnCode = response.body?.return_code;
  const failureOnly = returnCode?.type === 'string' && returnCode.enum?.length === 1 && returnCode.enum[0] === 'FAIL';
  return failureOnly || (response.contentType !== undefined && !/xml/.test(response.contentType));
}

function communicationFailure(message: string): Reply {
  return xmlReply({ return_code: 'FAIL', return_msg: message });
}

/** `return_code SUCCESS` + the business fields, with the request's `appid`/`mch_id`, a nonce and the sign. */
function signedReply(business: Record<string, unknown>, request: Record<string, string>, signType: SignType, secret: string): Reply {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(business)) {
    // `coupon_id_$n` (and `…_$n_$m`) describe coupon_id_0, coupon_id_1, …: one of each here.
    if (value !== undefined) fields[name.replace(/\$[a-z](?![a-z0-9])/g, '0')] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  for (const name of ['appid', 'mch_id', 'sub_appid', 'sub_mch_id'] as const) if (request[name] !== undefined) fields[name] = request[name];
  Object.assign(fields, { return_code: 'SUCCESS', return_msg: 'OK' });
  fields.nonce_str = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32).toUpperCase();
  if (signType !== Hash.ALGO_MD5) fields.sign_type = signType;
  delete fields.sign;
  fields.sign = signFields(fields, secret, signType);
  return xmlReply(fields);
}

function xmlReply(fields: Record<string, string>): Reply {
  return { status: 200, bytes: Buffer.from(Transformer.toXml(fields), 'utf8'), contentType: 'text/xml; charset=utf-8', signed: false };
}
