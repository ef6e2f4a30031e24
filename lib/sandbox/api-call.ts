/**
 * One APIv3 request, from the bytes that arrived to the handler's reply: route, required headers,
 * `Authorization` (over the raw request-target and body bytes), then the endpoint description's
 * checks (path, query, body, encrypted fields, the signer's mchid), then the handler.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa';
import type { EndpointDescription } from '../endpoints/types';
import type { MerchantIdentity } from './authorization';
import { checkAuthorizationWithDoctor, type SignatureVerdict } from './doctor/checked';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';
import { SandboxError, paramError, systemError } from './errors';
import type { Call } from './handlers/route';
import { multipartBoundary, parseMultipart } from './multipart';
import type { ReplayGuard } from './replay-guard';
import type { Reply } from './reply';
import type { Router } from './router';
import { checkFields } from './validation';
import type { SandboxWorld } from './world';

export interface IncomingCall {
  readonly method: string;
  /** The request-target exactly as it arrived: raw path and query. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ApiContext {
  readonly world: SandboxWorld;
  readonly router: Router;
  readonly merchant: MerchantIdentity;
  readonly replays: ReplayGuard;
  /** Private keys that decrypt sensitive fields, by the serial or key id a client names in `Wechatpay-Serial`. */
  readonly decryptionKeys: ReadonlyMap<string, KeyObject>;
  /** Told whether each request's signature held, and the doctor's diagnosis when it did not. */
  readonly onSignatureVerdict?: (verdict: SignatureVerdict) => void;
}

/** The reply to `call`; every failure becomes WeChat Pay's error reply, an unexpected one SYSTEM_ERROR. */
export function answerApiCall(call: IncomingCall, context: ApiContext): Reply {
  try {
    return handleApiCall(call, context);
  } catch (error) {
    if (error instanceof SandboxError) return error.toReply();
    process.emitWarning(`wechatpay-ts sandbox: ${call.method} ${call.target} failed: ${(error as Error)?.stack ?? String(error)}`);
    return systemError().toReply();
  }
}

const header = (call: IncomingCall, name: string): string | undefined => {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function handleApiCall(call: IncomingCall, context: ApiContext): Reply {
  const queryAt = call.target.indexOf('?');
  const pathname = queryAt === -1 ? call.target : call.target.slice(0, queryAt);
  const match = context.router.match(call.method, pathname);
  if (match.kind === 'unknown') throw new SandboxError('NOT_FOUND', `无效的请求地址 ${pathname}`);
  if (match.kind === 'wrong-method') {
    throw new SandboxError('METHOD_NOT_ALLOWED', `${pathname} 不支持 ${call.method} 方法，请使用 ${match.allowed.join('/')}`);
  }
  if (!header(call, 'accept') || !header(call, 'user-agent')) {
    throw new SandboxError('INVALID_REQUEST', 'Http头缺少Accept或User-Agent');
  }

  const boundary = multipartBoundary(header(call, 'content-type'));
  const parts = boundary === undefined ? undefined : parseMultipart(call.body, boundary);
  const meta = parts?.find((part) => part.name === 'meta');
  if (parts && !meta) {
    throw paramError({ field: '/meta', value: '', issue: '此字段为必填项 (the multipart meta part)', location: 'body' }, '必填性');
  }
  const credentials = checkAuthorizationWithDoctor(
    { method: call.method, target: call.target, authorization: header(call, 'authorization'), signedBody: meta?.content ?? call.body },
    context,
  );

  const { route } = match;
  const endpoint = route.endpoint;
  const query = Object.fromEntries(new URLSearchParams(queryAt === -1 ? '' : call.target.slice(queryAt + 1)));
  checkFields(endpoint.pathParams ?? {}, match.params, { location: 'path' });
  checkFields(endpoint.query ?? {}, query, { location: 'query' });

  const body = endpoint.body ? jsonBodyOf(call, meta?.content) : {};
  const decrypted = new Map<string, string>();
  if (endpoint.body) {
    checkFields(endpoint.body, body, { location: 'body', decrypted, decrypt: (ciphertext) => decrypt(call, context, ciphertext) });
  }
  checkOneOf(endpoint, body);
  checkSignerMchid(endpoint, body, query, credentials.mchid);

  // The checks above proved the values have the description's types, which is what `Call` promises.
  return route.handle({
    endpoint,
    params: match.params,
    query,
    body,
    decrypted,
    mchid: credentials.mchid,
    world: context.world,
    ...(parts === undefined ? {} : { form: parts }),
  } as Call);
}

function jsonBodyOf(call: IncomingCall, meta: Buffer | undefined): Record<string, unknown> {
  const contentType = header(call, 'content-type') ?? '';
  if (meta === undefined && call.body.length > 0 && !/^application\/json\b/i.test(contentType)) {
    throw new SandboxError('INVALID_REQUEST', 'Http头Content-Type值必须为application/json');
  }
  const text = (meta ?? call.body).toString('utf8');
  if (text.trim() === '') return {};
  if (jsonNestsDeeperThan(text)) {
    throw paramError({ field: '/', value: '', issue: `the body nests deeper than ${MAX_JSON_DEPTH} levels`, location: 'body' }, 'JSON格式');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw paramError({ field: '/', value: text.slice(0, 64), issue: 'the body is not valid JSON', location: 'body' }, 'JSON格式');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw paramError({ field: '/', value: parsed, issue: 'the body must be a JSON object', location: 'body' }, '类型');
  }
  return parsed as Record<string, unknown>;
}

function decrypt(call: IncomingCall, context: ApiContext, ciphertext: string): string | undefined {
  const serial = header(call, 'wechatpay-serial');
  if (!serial) {
    throw paramError(
      { field: 'Wechatpay-Serial', value: '', issue: 'is required when the body carries encrypted fields', location: 'header' },
      '必填性',
    );
  }
  const key = context.decryptionKeys.get(serial);
  if (!key) {
    throw paramError(
      { field: 'Wechatpay-Serial', value: serial, issue: 'names no platform certificate or public key of this sandbox', location: 'header' },
      '有效性',
    );
  }
  try {
    return Rsa.decrypt(ciphertext, key);
  } catch {
    return undefined;
  }
}

function checkOneOf(endpoint: EndpointDescription, body: Record<string, unknown>): void {
  for (const group of endpoint.oneOf ?? []) {
    const present = group.filter((name) => body[name] !== undefined && body[name] !== null);
    if (present.length !== 1) {
      throw paramError(
        { field: `/${group[0]}`, value: '', issue: `exactly one of ${group.join(', ')} is required`, location: 'body' },
        '必填性',
      );
    }
  }
}

function checkSignerMchid(
  endpoint: EndpointDescription,
  body: Record<string, unknown>,
  query: Record<string, string>,
  signer: string,
): void {
  const rule = endpoint.signerMchid;
  if (!rule) return;
  const value = rule.location === 'query' ? query[rule.field] : valueAt(body, rule.field);
  if (value !== signer) {
    throw paramError(
      { field: rule.field, value, issue: 'must equal the mchid of the Authorization header', location: rule.location },
      '商户号一致性',
    );
  }
}

/** The value at a JSON pointer such as `/combine_mchid` (no escapes needed for our field names). */
function valueAt(body: Record<string, unknown>, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
}
