/**
 * The answer to an operation that has a description but no hand-written handler: a body that
 * satisfies the described response, echoing the request's identifiers, the same for the same
 * request (see synthesis.ts). The request has passed every described check before it gets here.
 */
import type { KeyObject } from 'node:crypto';
import { Rsa } from '../../crypto/rsa';
import type { ResponseDescription } from '../../endpoints/types';
import type { Reply } from '../reply';
import { mapAtPointers } from '../../sensitive/sensitive-fields';
import { synthesize, type SynthesisContext } from '../synthesis';
import type { SandboxWorld } from '../world';
import { fingerprint, type Call } from './route';

/** Placeholder bytes for a described file response (a PDF receipt, a bill): what matters is that it is one. */
const FILE_BODIES: Readonly<Record<string, string>> = {
  'application/pdf': '%PDF-1.4\n%sandbox\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n',
};

export function answerDescribed(call: Call): Reply {
  const { endpoint, world } = call;
  const response: ResponseDescription = endpoint.response;
  const plainBody = withPlainText(call.body, call.decrypted);
  const plainQuery = { ...(call.query as Record<string, string>) };
  for (const [name, plain] of call.decrypted) if (!name.startsWith('/')) plainQuery[name] = plain;
  const request = { ...(call.params as object), ...plainQuery, ...plainBody };
  const seed = fingerprint({ method: endpoint.method, path: endpoint.path, params: call.params, query: plainQuery, body: plainBody });

  const contentType = response.contentType ?? endpoint.produces?.[0];
  if (contentType && !/json/.test(contentType)) {
    // A file (a PDF receipt): placeholder bytes of the type, unsigned as WeChat Pay sends files.
    const type = contentType.split('|')[0]!.trim();
    const text = FILE_BODIES[type] ?? `sandbox file for ${endpoint.method} /${endpoint.path} ${seed.slice(0, 16)}\n`;
    return { status: response.status, bytes: Buffer.from(text), contentType: type, signed: response.signed ?? false };
  }
  if (response.status === 204) return { status: 204 };
  const context: SynthesisContext = { seed, mchid: call.mchid, encrypt: (plain) => Rsa.encrypt(plain, merchantKey(world)) };
  return { status: response.status, json: synthesize(response.body ?? {}, request, context) };
}

/** `body` with each encrypted field replaced by its plain text (`decrypted` is keyed by JSON pointer; query fields by name). */
function withPlainText(body: unknown, decrypted: ReadonlyMap<string, string>): Record<string, unknown> {
  const pointers = [...decrypted.keys()].filter((pointer) => pointer.startsWith('/'));
  return mapAtPointers((body ?? {}) as Record<string, unknown>, pointers, (_, pointer) => decrypted.get(pointer)!);
}

const merchantKeys = new WeakMap<SandboxWorld['keys'], KeyObject>();

/** Sensitive response fields are encrypted for the merchant's API certificate, as WeChat Pay does. */
function merchantKey(world: SandboxWorld): KeyObject {
  let key = merchantKeys.get(world.keys);
  if (!key) merchantKeys.set(world.keys, (key = Rsa.from(world.keys.merchant.certificatePem, Rsa.KEY_TYPE_PUBLIC)));
  return key;
}
