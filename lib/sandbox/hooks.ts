/**
 * Test hooks over HTTP under `/sandbox/…`, so apps in any language can play the user's part
 * (sign up, pay) and provoke bad responses. These answers are plain JSON, not WeChat Pay's.
 *
 *   POST /sandbox/contracts/{out_contract_code or openid}/sign   body {appid?, openid?}
 *   POST /sandbox/orders/{out_trade_no}/pay                      body {openid?}
 *   POST /sandbox/combine-orders/{combine_out_trade_no}/pay      body {openid?}: every sub-order, one notification
 *   POST /sandbox/responses/tamper-next | /sandbox/responses/probe-next
 *   POST /sandbox/certificates/rotate                            cert mode: a new platform certificate signs from now on
 *   GET  /sandbox                                               the sandbox's public settings
 *   GET  /sandbox/notifications                                 notifications sent, with their attempts
 *
 * The engine lets a hook call through only past the console's guard (console/guard.ts): a loopback Host,
 * and no state change from another web page's Origin.
 */
import type { IncomingCall } from './incoming-call';
import { jsonNestsDeeperThan } from './json-depth';
import type { Reply } from './reply';

export interface SandboxHooks {
  signContract(ref: string, options: { appid?: string; openid?: string }): unknown;
  markPaid(outTradeNo: string, options: { openid?: string }): unknown;
  markCombinePaid(combineOutTradeNo: string, options: { openid?: string }): unknown;
  tamperNextResponse(): void;
  probeNextResponse(): void;
  rotatePlatformCertificate(): unknown;
  notifications(): unknown;
  settings(): unknown;
}

export const HOOK_PREFIX = '/sandbox';

const failure = (status: number, message: string): Reply => ({
  status,
  json: { code: status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', message },
  signed: false,
});

export function answerHookCall(call: IncomingCall, hooks: SandboxHooks): Reply {
  const path = call.target.split('?')[0]!;
  const done = (json: unknown): Reply => ({ status: 200, json, signed: false });
  try {
    const options = optionsOf(call.body);
    let match: RegExpExecArray | null;
    if (call.method === 'GET' && (path === HOOK_PREFIX || path === `${HOOK_PREFIX}/`)) return done(hooks.settings());
    if (call.method === 'GET' && path === `${HOOK_PREFIX}/notifications`) return done(hooks.notifications());
    if (call.method !== 'POST') return failure(404, `No sandbox hook ${call.method} ${path}.`);
    if ((match = /^\/sandbox\/contracts\/([^/]+)\/sign$/.exec(path))) {
      return done(hooks.signContract(idOf(match[1]!), options));
    }
    if ((match = /^\/sandbox\/orders\/([^/]+)\/pay$/.exec(path))) {
      return done(hooks.markPaid(idOf(match[1]!), options));
    }
    if ((match = /^\/sandbox\/combine-orders\/([^/]+)\/pay$/.exec(path))) {
      return done(hooks.markCombinePaid(idOf(match[1]!), options));
    }
    if (path === '/sandbox/responses/tamper-next') {
      hooks.tamperNextResponse();
      return { status: 204, signed: false };
    }
    if (path === '/sandbox/certificates/rotate') return done(hooks.rotatePlatformCertificate());
    if (path === '/sandbox/responses/probe-next') {
      hooks.probeNextResponse();
      return { status: 204, signed: false };
    }
    return failure(404, `No sandbox hook ${call.method} ${path}.`);
  } catch (error) {
    return failure(400, (error as Error).message);
  }
}

/**
 * Ids are what WeChat Pay allows in `out_trade_no`, `out_contract_code` and openids: letters, digits and
 * `_-*|@.`, at most 64. Anything else (`%00`, `../`, a megabyte of text) is refused before it reaches the state.
 */
const HOOK_ID = /^[A-Za-z0-9_\-*|@.]{1,64}$/;

function idOf(segment: string): string {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    throw new Error(`The id '${segment.slice(0, 64)}' is not valid percent-encoding.`);
  }
  if (!HOOK_ID.test(id)) throw new Error(`The id '${id.slice(0, 64)}' is not a WeChat Pay id (letters, digits and _-*|@., 1 to 64 characters).`);
  return id;
}

function optionsOf(body: Buffer): { appid?: string; openid?: string } {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (jsonNestsDeeperThan(text)) throw new Error('The hook body nests too deep.');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('The hook body must be a JSON object.');
  const { appid, openid } = parsed as Record<string, unknown>;
  return {
    ...(typeof appid === 'string' ? { appid } : {}),
    ...(typeof openid === 'string' ? { openid } : {}),
  };
}
