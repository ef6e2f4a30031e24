/**
 * An APIv3 client written independently from docs/protocol.md §1–§2 with node:crypto only (no code
 * from lib/), so the sandbox is shown to accept any correct SDK, not just ours.
 */
import { createPublicKey, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { request } from 'undici';

export interface WireConfig {
  base_uri: string;
  mchid: string;
  serial: string;
  privateKey: string;
  certs: Record<string, string>;
}

export interface WireOptions {
  /** JSON body: serialised once, the same bytes signed and sent. */
  json?: unknown;
  /** Raw body bytes; signed as they are unless `signedBody` says otherwise. */
  body?: string | Buffer;
  /** What the signature covers instead of the body (multipart: the meta JSON). */
  signedBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Leave these default headers out (e.g. 'accept', 'user-agent'). */
  omit?: string[];
  timestamp?: number;
  nonce?: string;
  /** Replaces the computed Authorization header. */
  authorization?: string;
  /** Overrides inside the computed Authorization header. */
  credentials?: Partial<Record<'mchid' | 'serial_no' | 'signature', string>>;
}

export interface WireExchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  json: any;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`, signed SHA256withRSA, base64. */
export function signRequest(privateKey: string, method: string, target: string, timestamp: number, nonce: string, body: string | Buffer): string {
  const message = Buffer.concat([Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n`), Buffer.from(body), Buffer.from('\n')]);
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

export function authorizationHeader(fields: Record<string, string>): string {
  return `WECHATPAY2-SHA256-RSA2048 ${Object.entries(fields)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',')}`;
}

export async function send(config: WireConfig, method: string, target: string, options: WireOptions = {}): Promise<WireExchange> {
  const body = options.json !== undefined ? JSON.stringify(options.json) : (options.body ?? '');
  const timestamp = options.timestamp ?? nowSeconds();
  const nonce = options.nonce ?? randomBytes(16).toString('hex').toUpperCase();
  const signature = signRequest(config.privateKey, method, target, timestamp, nonce, options.signedBody ?? body);
  const authorization =
    options.authorization ??
    authorizationHeader({
      mchid: options.credentials?.mchid ?? config.mchid,
      nonce_str: nonce,
      timestamp: String(timestamp),
      serial_no: options.credentials?.serial_no ?? config.serial,
      signature: options.credentials?.signature ?? signature,
    });
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'independent-test-client/1.0',
    authorization,
    ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  for (const name of options.omit ?? []) delete headers[name];
  const response = await request(new URL(target.slice(1), config.base_uri), {
    method: method as 'GET',
    headers,
    ...(method === 'GET' ? {} : { body }),
  });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return { status: response.statusCode, headers: flat, body: bytes, text, json };
}

/** Verifies `timestamp\nnonce\nbody\n` with the key `certs` holds under the response's Wechatpay-Serial. */
export function verifyResponse(config: Pick<WireConfig, 'certs'>, exchange: WireExchange): boolean {
  const pem = config.certs[exchange.headers['wechatpay-serial'] ?? ''];
  if (!pem) return false;
  const key: KeyObject = createPublicKey(pem);
  const message = Buffer.concat([
    Buffer.from(`${exchange.headers['wechatpay-timestamp']}\n${exchange.headers['wechatpay-nonce']}\n`),
    exchange.body,
    Buffer.from('\n'),
  ]);
  const signature = exchange.headers['wechatpay-signature'] ?? '';
  return createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');
}
