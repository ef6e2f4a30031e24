/**
 * APIv2 notifications (docs/protocol.md §11), XML POSTed to `notify_url`:
 *   - payment: every field signed with the APIv2 secret (`sign`, MD5 or HMAC-SHA256 by `sign_type`,
 *     or by the sign's length when `sign_type` is absent: 64 hex characters is HMAC-SHA256);
 *   - refund: no `sign`; the details are in `req_info`, AES-256-ECB under `Hash.md5(secret)`. ECB has
 *     no tag, so the proof of origin is weaker: a wrong key shows up as bad padding or as bytes that
 *     are not the expected XML, both reported as DECRYPT.
 * Answers are XML: `Notification.successV2()` / `failureV2()`, or the error's own `answer`.
 */
import { AesEcb } from '../crypto/aes-ecb';
import { Hash, signFields, type SignType } from '../crypto/hash';
import { InvalidArgumentException } from '../errors';
import { Transformer } from '../formats/transformer';
import { NotificationError, NotificationFailure } from './notification-error';
import { rawBodyOf, textOf, type RawBody } from './raw-body';
import { claimAsync, claimSync, type ReplayOptions } from './replay-claim';

/** The text fields of an APIv2 message. */
export type V2Fields = Readonly<Record<string, string>>;

export type ParsedNotificationV2 =
  /** A payment result; `fields` passed the sign check (`return_code`, `result_code`, `out_trade_no`, `transaction_id`, `total_fee`, …). */
  | { readonly type: 'payment'; readonly fields: V2Fields }
  /** A refund result: `fields` is the outer message (`appid`, `mch_id`, …), `refund` the decrypted `req_info`. */
  | { readonly type: 'refund'; readonly fields: V2Fields; readonly refund: V2Fields };

export interface NotificationV2Options extends ReplayOptions {
  /** The APIv2 secret (API 密钥), 32 characters. */
  readonly secret: string;
}

const HMAC_SIGN_LENGTH = 64;

export function parseV2(body: RawBody, options: NotificationV2Options): ParsedNotificationV2 {
  const parsed = readV2(body, options);
  claimSync(replayIdOf(parsed), options, 'v2');
  return parsed;
}

export async function parseV2Async(body: RawBody, options: NotificationV2Options): Promise<ParsedNotificationV2> {
  const parsed = readV2(body, options);
  await claimAsync(replayIdOf(parsed), options, 'v2');
  return parsed;
}

function readV2(body: RawBody, options: NotificationV2Options): ParsedNotificationV2 {
  if (typeof options !== 'object' || options === null || typeof options.secret !== 'string' || options.secret === '') {
    throw new InvalidArgumentException('Notification.parseV2 needs { secret }: the APIv2 secret.');
  }
  const fields = textFieldsOf(textOf(rawBodyOf(body, 'v2'), 'v2'), 'the notification');
  if (fields['req_info'] !== undefined) return readRefund(fields, options.secret);
  checkSign(fields, options.secret);
  return { type: 'payment', fields };
}

function readRefund(fields: V2Fields, secret: string): ParsedNotificationV2 {
  let refund: V2Fields;
  try {
    refund = textFieldsOf(AesEcb.decrypt(fields['req_info']!, Hash.md5(secret)), 'req_info');
  } catch (error) {
    throw new NotificationError(NotificationFailure.DECRYPT, 'req_info does not decrypt to XML with AES-256-ECB under md5(APIv2 secret): check the secret.', {
      protocol: 'v2',
      cause: error,
    });
  }
  if (typeof refund['refund_id'] !== 'string' && typeof refund['out_refund_no'] !== 'string') {
    throw new NotificationError(NotificationFailure.DECRYPT, 'the decrypted req_info has neither refund_id nor out_refund_no: check the secret.', { protocol: 'v2' });
  }
  const { req_info: _encrypted, ...outer } = fields;
  return { type: 'refund', fields: outer, refund };
}

function checkSign(fields: V2Fields, secret: string): void {
  const sign = fields['sign'];
  if (sign === undefined || sign === '') {
    throw new NotificationError(NotificationFailure.SIGNATURE, 'the payment notification has no sign.', { protocol: 'v2' });
  }
  const type = fields['sign_type'] ?? (sign.length === HMAC_SIGN_LENGTH ? Hash.ALGO_HMAC_SHA256 : Hash.ALGO_MD5);
  if (type !== Hash.ALGO_MD5 && type !== Hash.ALGO_HMAC_SHA256) {
    throw new NotificationError(NotificationFailure.SIGNATURE, `sign_type ${JSON.stringify(type.slice(0, 32))} is neither MD5 nor HMAC-SHA256.`, { protocol: 'v2' });
  }
  if (!Hash.equals(signFields(fields, secret, type as SignType), sign.toUpperCase())) {
    throw new NotificationError(NotificationFailure.SIGNATURE, `the ${type} sign does not match the fields: they were altered, or the APIv2 secret is wrong.`, {
      protocol: 'v2',
    });
  }
}

/** The XML's fields, all of them text (APIv2 messages are flat); anything else is a BODY error. */
function textFieldsOf(xml: string, what: string): V2Fields {
  let record: Record<string, unknown>;
  try {
    record = Transformer.toArray(xml);
  } catch (error) {
    throw new NotificationError(NotificationFailure.BODY, `${what} is not XML (${(error as Error).message}).`, { protocol: 'v2', cause: error });
  }
  const nested = Object.keys(record).filter((key) => typeof record[key] !== 'string');
  if (nested.length > 0) {
    throw new NotificationError(NotificationFailure.BODY, `${what} has non-text field(s) ${nested.slice(0, 5).join(', ')}; APIv2 notifications are flat.`, { protocol: 'v2' });
  }
  if (Object.keys(record).length === 0) throw new NotificationError(NotificationFailure.BODY, `${what} has no fields.`, { protocol: 'v2' });
  return record as V2Fields;
}

/** Payments by `transaction_id` (else `out_trade_no`), refunds by `refund_id` (else `out_refund_no`). */
function replayIdOf(parsed: ParsedNotificationV2): string {
  if (parsed.type === 'payment') return `v2:payment:${parsed.fields['transaction_id'] ?? parsed.fields['out_trade_no'] ?? parsed.fields['sign']}`;
  return `v2:refund:${parsed.refund['refund_id'] ?? parsed.refund['out_refund_no']}`;
}
