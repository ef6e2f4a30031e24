/**
 * What a failed attempt tells us about the server's state, which decides whether sending again is safe:
 *   unsent      the connection never opened (DNS, refused, connect timeout): no byte left us, any host may take it
 *   unanswered  the request may have been written, but the connection broke before a complete answer came
 *               (reset, closed, a truncated body): the server may have acted on it
 *   timeout     the request may have been written and the answer did not come in time (first byte, body,
 *               whole exchange): as unanswered, and the same host is not worth waiting for again
 *   status      a complete answer asking to come back later: 5xx, 429, FREQUENCY_LIMITED
 *   final       anything else (4xx, a failed verification, bad options): sending again cannot help
 */
import { BadResponseException, ConnectException } from '../errors';
import { ErrorCode } from '../errors/codes.cjs';

export type FailureKind = 'unsent' | 'unanswered' | 'timeout' | 'status' | 'final';

const UNSENT = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

const UNANSWERED = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const TIMEOUT = new Set([ErrorCode.HEADERS_TIMEOUT, 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', ErrorCode.TIMEOUT]);

/** The codes WeChat Pay uses for rate limiting (docs/protocol.md §3), whatever the status carries them. */
const RATE_LIMITED = new Set(['FREQUENCY_LIMITED', 'RATELIMIT_EXCEEDED', 'RATE_LIMITED']);

export function failureKind(error: unknown): FailureKind {
  if (error instanceof ConnectException) {
    const code = error.code;
    if (code === undefined) return 'final';
    if (UNSENT.has(code)) return 'unsent';
    if (TIMEOUT.has(code)) return 'timeout';
    return UNANSWERED.has(code) ? 'unanswered' : 'final';
  }
  if (error instanceof BadResponseException) {
    if (error.status >= 500 || error.status === 429) return 'status';
    return error.errorCode !== undefined && RATE_LIMITED.has(error.errorCode) ? 'status' : 'final';
  }
  return 'final';
}
