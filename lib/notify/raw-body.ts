/**
 * The body exactly as received. The signature covers those bytes, so a body that a framework has
 * already parsed (and that would have to be re-serialised) cannot be verified: it is refused with a
 * message that says how to get the raw body instead.
 */
import { NotificationFailure, NotificationError, type NotificationProtocol } from './notification-error';

/** Text, or bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`) as read from the request. */
export type RawBody = string | Uint8Array | ArrayBuffer;

const RAW_BODY_HINT =
  'pass the raw body, exactly as received: the signature covers its bytes, and a parsed-then-reserialised body no longer matches. ' +
  "Express: express.raw({ type: '*/*' }) or express.text({ type: '*/*' }) on the notify route; " +
  "Fastify: addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => done(null, body)); " +
  'node:http: concatenate the request chunks.';

/** Bytes or text as given (never copied); anything else is a BODY error naming what came instead. */
export function rawBodyOf(body: unknown, protocol: NotificationProtocol): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  const what = body === null ? 'null' : body === undefined ? 'undefined' : typeof body === 'object' ? 'an already parsed object' : `a ${typeof body}`;
  throw new NotificationError(NotificationFailure.BODY, `the body is ${what}; ${RAW_BODY_HINT}`, { protocol });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; bytes that are not UTF-8 are a BODY error. */
export function textOf(body: string | Uint8Array, protocol: NotificationProtocol): string {
  if (typeof body === 'string') return body;
  try {
    return utf8.decode(body);
  } catch (error) {
    throw new NotificationError(NotificationFailure.BODY, 'the body is not UTF-8 text.', { protocol, cause: error });
  }
}
