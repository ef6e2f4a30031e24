/** Turns a reply into the bytes and headers that go on the wire, signed unless the reply opts out. */
import { requestId } from './ids';
import type { Reply } from './reply';
import { signatureHeaders, type PlatformSigner } from './response-signer';

export interface WireReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** One-shot faults for the next signed response, to show clients refusing it. */
export interface ResponseFaults {
  /** Flip a byte of the body after signing (or of the nonce, for an empty body). */
  tamper: boolean;
  /** Send a `WECHATPAY/SIGNTEST/…` probe signature. */
  probe: boolean;
}

export function encodeReply(reply: Reply, signer: PlatformSigner, nowSeconds: number, faults: ResponseFaults): WireReply {
  const body = reply.json !== undefined ? Buffer.from(JSON.stringify(reply.json)) : (reply.bytes ?? Buffer.alloc(0));
  const headers: Record<string, string> = {
    Server: 'nginx',
    'Request-ID': requestId(),
    'Cache-Control': 'no-cache, must-revalidate',
    'X-Content-Type-Options': 'nosniff',
    'Content-Language': 'zh-CN',
    ...reply.headers,
  };
  if (body.length > 0 || reply.json !== undefined) {
    headers['Content-Type'] = reply.contentType ?? 'application/json; charset=utf-8';
  }
  if (reply.signed === false) return { status: reply.status, headers, body };

  Object.assign(headers, signatureHeaders(signer, body, nowSeconds, faults.probe));
  faults.probe = false;
  if (faults.tamper) {
    faults.tamper = false;
    if (body.length > 0) body[body.length > 1 ? 1 : 0]! ^= 0x01;
    else headers['Wechatpay-Nonce'] = `${headers['Wechatpay-Nonce']}0`;
  }
  return { status: reply.status, headers, body };
}
