/** Identifiers shaped like WeChat Pay's, and the RFC 3339 Beijing-time stamps its bodies carry. */
import { randomBytes, randomInt } from 'node:crypto';

function digits(count: number): string {
  let out = '';
  while (out.length < count) out += randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  return out.slice(0, count);
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Response nonce: 32 lower-case hex characters, as in the official examples. */
export const responseNonce = (): string => hex(16);
/** `Request-ID`, shaped like `08F5B8C2B506102C18FDDFEEA30620BE821E28EDC405-0`. */
export const requestId = (): string => `${hex(22).toUpperCase()}-0`;
/** 28 digits starting 42000, like `4200000985202103031441826014`. */
export const transactionId = (): string => `42000${digits(23)}`;
/** Like `wx201410272009395522657a690389285100`. */
export const prepayId = (): string => `wx${digits(14)}${hex(10)}`;
export const refundId = (): string => `50000${digits(24)}`;
/** 12 digits, like the documented `256322110225`. */
export const individualAuthId = (): string => digits(12);
export const preEntrustwebId = (): string => `1121_${hex(16)}`;
export const billToken = (): string => randomBytes(48).toString('base64url');
/** A 32-character base62-ish secret (APIv3 key, APIv2 secret): letters and digits only. */
export const asciiSecret = (): string => randomBytes(24).toString('base64').replace(/[+/=]/g, 'x').slice(0, 32);
/** `PUB_KEY_ID_` + 32 digits, like `PUB_KEY_ID_0000000000000024101100397200000006`. */
export const publicKeyId = (): string => `PUB_KEY_ID_01${digits(30)}`;
/** A random openid shape: `o` + 27 characters of `[A-Za-z0-9_-]`. */
export const openid = (): string => `o${randomBytes(21).toString('base64url').slice(0, 27)}`;

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `2018-06-08T10:34:56+08:00` for the instant `ms`. */
export function rfc3339(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The Beijing calendar date `YYYY-MM-DD` of the instant `ms` (bills are per Beijing day). */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}
