/**
 * A notification that failed one of the checks. Each check has its own `code`, and the error carries
 * the answer the handler should send, so a handler needs no table of its own:
 *
 *   catch (error) { if (error instanceof NotificationError) return reply(error.answer); throw error; }
 *
 * A transfer failure (of the incoming exchange), so it is a branded `TransferException`: `instanceof`
 * holds across package copies. Configuration mistakes (an APIv3 key that is not 32 bytes, no certs)
 * stay `InvalidArgumentException`, so they are never mistaken for a forged notification.
 */
import { TransferException } from '../errors';
import { failureAnswer, failureAnswerV2, successAnswer, successAnswerV2, type NotificationAnswer } from './answers';
import { ErrorCode } from '../errors/codes.cjs';

export const NotificationFailure = {
  /** A `Wechatpay-*` header is missing. */
  HEADERS: ErrorCode.NOTIFY_HEADERS,
  /** `Wechatpay-Timestamp` is more than 300 s away from our clock. */
  CLOCK: ErrorCode.NOTIFY_CLOCK,
  /** `Wechatpay-Serial` names no key in `certs`. */
  SERIAL: ErrorCode.NOTIFY_SERIAL,
  /** A `WECHATPAY/SIGNTEST/` probe signature: WeChat Pay checking that we verify. */
  PROBE: ErrorCode.NOTIFY_PROBE,
  /** The signature (APIv3 RSA, APIv2 `sign`) does not verify. */
  SIGNATURE: ErrorCode.NOTIFY_SIGNATURE,
  /** `resource` (APIv3) or `req_info` (APIv2) does not decrypt with the configured key. */
  DECRYPT: ErrorCode.NOTIFY_DECRYPT,
  /** Already received and claimed: answer success (so WeChat Pay stops), do not process again. */
  DUPLICATE: ErrorCode.NOTIFY_DUPLICATE,
  /** The body is not what a notification is: a parsed object instead of the raw body, bad JSON or XML. */
  BODY: ErrorCode.NOTIFY_BODY,
} as const;

export type NotificationFailureCode = (typeof NotificationFailure)[keyof typeof NotificationFailure];

/** The short `message` sent back to WeChat Pay: no detail an attacker could learn from. */
const ANSWER_MESSAGES: Record<NotificationFailureCode, string> = {
  [NotificationFailure.HEADERS]: '缺少签名头',
  [NotificationFailure.CLOCK]: '时间戳超出范围',
  [NotificationFailure.SERIAL]: '未知的证书序列号',
  [NotificationFailure.PROBE]: '签名验证失败',
  [NotificationFailure.SIGNATURE]: '签名验证失败',
  [NotificationFailure.DECRYPT]: '解密失败',
  [NotificationFailure.DUPLICATE]: '',
  [NotificationFailure.BODY]: '报文格式错误',
};

/** Authenticity failures answer 401 (the Java SDK's advice); our own trouble (key, body handling) 500. */
const ANSWER_STATUS: Record<NotificationFailureCode, number> = {
  [NotificationFailure.HEADERS]: 401,
  [NotificationFailure.CLOCK]: 401,
  [NotificationFailure.SERIAL]: 401,
  [NotificationFailure.PROBE]: 401,
  [NotificationFailure.SIGNATURE]: 401,
  [NotificationFailure.DECRYPT]: 500,
  [NotificationFailure.DUPLICATE]: 204,
  [NotificationFailure.BODY]: 500,
};

export type NotificationProtocol = 'v3' | 'v2';

export class NotificationError extends TransferException {
  static override readonly brandName: string = 'NotificationError';
  declare code: NotificationFailureCode;
  readonly protocol: NotificationProtocol;
  /** The notification id, when the failure came after it was known (always for DUPLICATE). */
  readonly notificationId: string | undefined;

  constructor(
    code: NotificationFailureCode,
    message: string,
    options: { protocol?: NotificationProtocol; notificationId?: string; cause?: unknown } = {},
  ) {
    super(`Notification rejected: ${message}`, { code, cause: options.cause });
    this.protocol = options.protocol ?? 'v3';
    this.notificationId = options.notificationId;
  }

  /** True for a replayed notification: already handled, answer success and do nothing. */
  get duplicate(): boolean {
    return this.code === NotificationFailure.DUPLICATE;
  }

  /**
   * The answer to send: success for a duplicate (WeChat Pay must stop retrying), otherwise a failure
   * (so WeChat Pay retries: after a key or code fix the retry is accepted). Probes are never answered 2xx.
   */
  get answer(): NotificationAnswer {
    if (this.protocol === 'v2') return this.duplicate ? successAnswerV2() : failureAnswerV2(ANSWER_MESSAGES[this.code]);
    return this.duplicate ? successAnswer() : failureAnswer(ANSWER_MESSAGES[this.code], ANSWER_STATUS[this.code]);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, protocol: this.protocol, notificationId: this.notificationId };
  }
}
