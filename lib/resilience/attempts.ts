/**
 * The record of one call's attempts, attached to the error that ends it, so a log line says how many
 * attempts were made and where each one went (URLs without their query, which may carry identifiers).
 */
import { BadResponseException } from '../errors';
import { describeUrl } from '../transport/connect-error';

export interface AttemptRecord {
  /** `scheme://host/path` of the attempt. */
  readonly url: string;
  /** The HTTP status, when a response arrived. */
  readonly status?: number;
  /** Why the attempt failed without a usable response: an error code (`ECONNREFUSED`) or message. */
  readonly error?: string;
}

export function recordOf(url: string, error: unknown): AttemptRecord {
  if (error instanceof BadResponseException) return { url: describeUrl(url), status: error.status };
  const code = (error as { code?: unknown } | null)?.code;
  return { url: describeUrl(url), error: typeof code === 'string' ? code : error instanceof Error ? error.message : String(error) };
}

/**
 * Adds `attempts` to the error and, when there was more than one, says so in its message (a single
 * attempt keeps the message as the error made it).
 */
export function withAttempts(error: unknown, attempts: readonly AttemptRecord[], reason?: string): unknown {
  if (!(error instanceof Error)) return error;
  Object.defineProperty(error, 'attempts', { value: Object.freeze([...attempts]), enumerable: true, configurable: true, writable: false });
  if (attempts.length > 1) {
    const list = attempts.map((a, i) => `#${i + 1} ${a.url} → ${a.status ?? a.error}`).join('; ');
    error.message = `${error.message}${error.message.endsWith('\n') ? '' : '\n'}${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${list}${reason ? ` (${reason})` : ''}`;
  }
  return error;
}
