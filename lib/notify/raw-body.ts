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

/**
 * The largest notification body accepted. Real ones are a few kilobytes (an encrypted resource of one
 * order, refund or combined order); anything this large is refused before it is hashed or decoded.
 */
export const MAX_NOTIFICATION_BYTES = 1024 * 1024;

/** Bytes or text as given (never copied); anything else, or anything over the cap, is a BODY error. */
export function rawBodyOf(body: unknown, protocol: NotificationProtocol): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return capped(body, protocol);
  if (body instanceof ArrayBuffer) return capped(new Uint8Array(body), protocol);
  const what = body === null ? 'null' : body === undefined ? 'undefined' : typeof body === 'object' ? 'an already parsed object' : `a ${typeof body}`;
  throw new NotificationError(NotificationFailure.BODY, `the body is ${what}; ${RAW_BODY_HINT}`, { protocol });
}

/** A string's UTF-8 size is at least its length in UTF-16 units, so `length` alone refuses without encoding. */
function capped<T extends string | Uint8Array>(body: T, protocol: NotificationProtocol): T {
  if (body.length > MAX_NOTIFICATION_BYTES) {
    throw new NotificationError(
      NotificationFailure.BODY,
      `the body is ${body.length} ${typeof body === 'string' ? 'characters' : 'bytes'}, over the ${MAX_NOTIFICATION_BYTES}-byte cap: no WeChat Pay notification is that large.`,
      { protocol },
    );
  }
  return body;
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
