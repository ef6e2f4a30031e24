/**
 * Example requests for any described operation, built from its description alone: the
 * catalogue's examples where they fit, values made up to fit otherwise (the sandbox's own
 * synthesis, run over the request side), sensitive fields encrypted with `Sensitive.encrypt`, the
 * merchant's ids where a field names the merchant. Then sent as real signed HTTP: APIv3 through
 * the independent wire client, APIv2 as signed XML (or a signed query).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { signFields, type SignType } from '../../lib/crypto/hash';
import type { EndpointDescription, Fields } from '../../lib/endpoints/types';
import { Transformer } from '../../lib/formats/transformer';
import { textPartFields } from '../../lib/sandbox/form-fields';
import { synthesize } from '../../lib/sandbox/synthesis';
import { bodyFields } from '../../lib/sensitive/sensitive-fields';
import { Sensitive } from '../../lib/sensitive';
import { send, type WireConfig, type WireExchange } from './sandbox-wire';

export interface Merchant extends WireConfig {
  readonly secret: string;
  readonly platformSerial: string;
  readonly platformPem: string;
}

export interface ExampleRequest {
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  /** The JSON body, the multipart meta, or the APIv2 fields (before `nonce_str`/`sign`). */
  readonly body: Record<string, unknown> | undefined;
  /** The multipart file part, for upload operations. */
  readonly file?: { readonly name: string; readonly filename: string; readonly bytes: Buffer };
}

export const isV2 = (endpoint: EndpointDescription): boolean => endpoint.family === 'v2';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const MERCHANT_FIELDS = ['mchid', 'mch_id', 'sp_mchid', 'combine_mchid', 'combine_mch_id', 'sp_mch_id'];

/**
 * A request that satisfies every described rule of `endpoint`. `unique` gives the merchant's own
 * reference numbers (`out_*`) values of this operation alone, for handlers that keep state.
 */
export function exampleRequest(endpoint: EndpointDescription, merchant: Merchant, unique = false): ExampleRequest {
  const seed = `${endpoint.method} ${endpoint.path}`;
  const reference = createHash('sha256').update(seed).digest('hex').slice(0, 20).toUpperCase();
  const ids: Record<string, unknown> = Object.fromEntries(MERCHANT_FIELDS.map((name) => [name, merchant.mchid]));
  if (unique) for (const name of ['out_trade_no', 'out_refund_no', 'out_contract_code', 'combine_out_trade_no']) ids[name] = `S${reference}`;
  const make = (fields: Fields | undefined, echo?: Record<string, unknown>) =>
    synthesize(fields ?? {}, echo, { seed, mchid: merchant.mchid, encrypt: (plain) => plain });
  const text = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]));

  const params = text(make(endpoint.pathParams));
  let query = text(make(endpoint.query, ids));
  const formData = endpoint.formData;
  const described = bodyFields(endpoint) ?? (isV2(endpoint) ? textPartFields(endpoint) : undefined);
  let body: Record<string, unknown> | undefined = described ? make(described, ids) : undefined;
  for (const group of endpoint.oneOf ?? []) group.slice(1).forEach((name) => delete body?.[name]);

  const fileField = Object.entries(formData ?? {}).find(([, spec]) => spec.type === 'file')?.[0];
  const named = [body?.filename, body?.file_name].find((name): name is string => typeof name === 'string' && /\.\w+$/.test(name));
  const file = fileField === undefined ? undefined : { name: fileField, filename: named ?? 'sandbox.png', bytes: PNG };
  if (file && body) {
    // The meta describes the file it travels with (its digest); descriptions cannot say so, the test can.
    const digest = createHash('sha256').update(file.bytes).digest('hex');
    for (const name of ['sha256', 'file_digest']) if (name in body) body[name] = digest;
    if ('media_hash' in body) body.media_hash = createHash('md5').update(file.bytes).digest('hex');
  }
  if (isV2(endpoint)) return { params, query, body: body && text(body), ...(file ? { file } : {}) };
  const sensitive = Sensitive.fields(endpoint, endpoint.method);
  if (sensitive.json.length + sensitive.query.length > 0) {
    const encrypted = Sensitive.encrypt(endpoint, endpoint.method, { json: body ?? {}, query }, { serial: merchant.platformSerial, publicKey: merchant.platformPem });
    body = body && encrypted.json;
    query = encrypted.query;
  }
  return { params, query, body, ...(file ? { file } : {}) };
}

/** The request-target: the path with its variables filled (percent-encoded), then the query. */
export function targetOf(endpoint: EndpointDescription, example: ExampleRequest): string {
  const template = isV2(endpoint) ? endpoint.path.replace(/^v2\//, '') : endpoint.path;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.params[name] ?? ''));
  const query = new URLSearchParams(example.query).toString();
  return `/${path}${query ? `?${query}` : ''}`;
}

export interface V2Exchange {
  readonly status: number;
  readonly text: string;
  readonly contentType: string;
  readonly location: string | undefined;
}

/** Sends `example` to the sandbox as WeChat Pay expects it, signed. */
export async function sendExample(endpoint: EndpointDescription, example: ExampleRequest, merchant: Merchant): Promise<WireExchange | V2Exchange> {
  if (isV2(endpoint)) return sendV2(endpoint, example, merchant);
  const target = targetOf(endpoint, example);
  const serial = { 'wechatpay-serial': merchant.platformSerial };
  if (example.file) {
    const meta = JSON.stringify(example.body ?? {});
    const boundary = `sandbox${randomBytes(8).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${example.file.name}"; filename="${example.file.filename}"\r\nContent-Type: image/png\r\n\r\n`),
      example.file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return send(merchant, endpoint.method, target, { body, signedBody: meta, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...serial } });
  }
  const json = endpoint.method === 'GET' || example.body === undefined ? undefined : example.body;
  return send(merchant, endpoint.method, target, { ...(json === undefined ? {} : { json }), headers: serial });
}

async function sendV2(endpoint: EndpointDescription, example: ExampleRequest, merchant: Merchant): Promise<V2Exchange> {
  const given = (endpoint.method === 'GET' ? example.query : example.body) ?? {};
  const fields: Record<string, unknown> = { ...given, nonce_str: randomBytes(16).toString('hex') };
  delete fields.sign;
  const signType = (fields.sign_type === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5') as SignType;
  if (fields.sign_type !== undefined) fields.sign_type = signType;
  fields.sign = signFields(fields as Record<string, string>, merchant.secret, signType);
  const path = `/${endpoint.path.replace(/^v2\//, '').replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.params[name] ?? ''))}`;
  const url = new URL(path.slice(1), merchant.base_uri);
  if (endpoint.method === 'GET') url.search = new URLSearchParams(fields as Record<string, string>).toString();
  const headers = { accept: 'text/xml', 'user-agent': 'independent-test-client/1.0' };
  let body: string | Buffer | undefined = endpoint.method === 'GET' ? undefined : Transformer.toXml(fields);
  if (example.file) {
    // An APIv2 upload: each field a text part, the file its own part; the sign covers the text fields.
    const boundary = `sandbox${randomBytes(8).toString('hex')}`;
    const part = (name: string, content: string | Buffer, filename?: string) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`),
        Buffer.from(content),
        Buffer.from('\r\n'),
      ]);
    body = Buffer.concat([
      ...Object.entries(fields).map(([name, value]) => part(name, String(value))),
      part(example.file.name, example.file.bytes, example.file.filename),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    Object.assign(headers, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  } else {
    Object.assign(headers, { 'content-type': 'text/xml' });
  }
  const response = await request(url, { method: endpoint.method, headers, ...(body === undefined ? {} : { body }) });
  const header = (name: string) => (response.headers[name] === undefined ? undefined : String(response.headers[name]));
  return { status: response.statusCode, text: await response.body.text(), contentType: header('content-type') ?? '', location: header('location') };
}
