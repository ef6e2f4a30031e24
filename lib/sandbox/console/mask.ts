/**
 * Secrets never reach the console page: signatures are cut to their first characters (enough to tell
 * two apart), whatever header carries them.
 */
import type { IncomingHttpHeaders } from 'node:http';

const SHOWN = 8;

/** `AbCdEfGh…(344 chars, masked)`. */
export function maskSecret(value: string): string {
  return value.length <= SHOWN ? '…(masked)' : `${value.slice(0, SHOWN)}…(${value.length} chars, masked)`;
}

/** Header values as strings, with the signature inside `Authorization` and `Wechatpay-Signature` masked. */
export function maskedHeaders(headers: IncomingHttpHeaders | Readonly<Record<string, string>>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    if (lower === 'authorization') shown[name] = value.replace(/signature="([^"]*)"/, (_, signature: string) => `signature="${maskSecret(signature)}"`);
    else if (lower === 'wechatpay-signature') shown[name] = maskSecret(value);
    else shown[name] = value;
  }
  return shown;
}
