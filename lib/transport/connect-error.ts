/**
 * Turns a `WireError` (plain data, possibly from another thread) into our `ConnectException`, always
 * constructed on the calling thread so `instanceof` holds in every realm, jest's included.
 */
import { ConnectException } from '../errors';
import type { WireError } from './wire';
import { ErrorCode } from '../errors/codes.cjs';

/** The `Request` a ConnectException may carry, taken from its constructor so this folder needs no import of it. */
export type OriginRequest = ConstructorParameters<typeof ConnectException>[1];

/** Failures that happen once the status line has arrived: the message says so instead of "before any response". */
const WHILE_READING = new Set([
  'UND_ERR_BODY_TIMEOUT',
  ErrorCode.RESPONSE_TOO_LARGE,
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  ErrorCode.STREAM_INTERRUPTED,
  ErrorCode.SINK_FAILED,
]);

function phase(code: string | undefined): string {
  if (code === ErrorCode.TIMEOUT) return 'failed'; // its message says "no complete response within …"
  return code !== undefined && WHILE_READING.has(code) ? 'failed while reading the response' : 'failed before any response';
}

/** `scheme://host/path` with the query cut off: queries may carry identifiers that do not belong in logs. */
export function describeUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : `${url.slice(0, cut)}?…`;
}

/** A plain `Error` carrying the wire error's name, message, code and cause chain. */
export function rebuildError(wire: WireError): Error {
  const error = new Error(wire.message, wire.cause === undefined ? undefined : { cause: rebuildError(wire.cause) });
  Object.defineProperty(error, 'name', { value: wire.name, enumerable: false, configurable: true, writable: true });
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}

/**
 * "GET https://api.mch.weixin.qq.com/v3/pay/transactions/id/42?mchid=1900000109 failed before any response: connect
 * ECONNREFUSED 127.0.0.1:443", with `code` set to the root cause's code and `cause` the rebuilt error.
 */
export function connectException(wire: WireError, method: string, url: string, request?: OriginRequest): ConnectException {
  const options = wire.code === undefined ? { cause: rebuildError(wire) } : { cause: rebuildError(wire), code: wire.code };
  // The full URI, query included, as Guzzle's messages have it (the exception redacts secrets).
  return new ConnectException(`${method} ${url} ${phase(wire.code)}: ${wire.message}`, request, options);
}
