/**
 * `Notification`: verify, decrypt and answer WeChat Pay's callback notifications in one call.
 *
 *   try {
 *     const { event, resource } = Notification.parse({ headers: req.headers, body: rawBody }, { certs, apiv3Key });
 *     // … handle event.event_type …
 *     reply(Notification.success());
 *   } catch (error) {
 *     reply(error instanceof NotificationError ? error.answer : Notification.failure());
 *   }
 *
 * APIv3 checks, in order, each with its own NotificationError code: body is raw text/bytes (BODY);
 * the four Wechatpay-* headers (HEADERS); timestamp within ±300 s (CLOCK); serial known (SERIAL);
 * not a probe (PROBE); RSA signature over `timestamp\nnonce\nbody\n` (SIGNATURE); envelope shape
 * (BODY); resource decrypts (DECRYPT); id not seen before, when a replay store is given (DUPLICATE).
 */
import { checkSignature, checkSignatureAsync, checkSignatureInline, type SignatureCheckFailure, type SignatureCheckInput } from '../keys/signature-check';
import { InvalidArgumentException } from '../errors';
import { failureAnswer, failureAnswerV2, successAnswer, successAnswerV2, type NotificationAnswer } from './answers';
import { certificateSourceOf } from '../keys/certificate-source';
import { openEnvelope, readEnvelope } from './envelope';
import { handleNotification, type HandledNotification, type NotificationProcessor } from './handle';
import { headerReader } from './headers';
import type { IncomingNotification, NotificationOptions } from './incoming';
import { NotificationError, NotificationFailure, type NotificationFailureCode } from './notification-error';
import { rawBodyOf, textOf, type RawBody } from './raw-body';
import { claimAsync, claimSync } from './replay-claim';
import type { KnownEventType, ParsedNotification, ParsedNotificationOf } from './resources';
import { parseV2, parseV2Async, type NotificationV2Options, type ParsedNotificationV2 } from './v2';

export type { IncomingNotification, NotificationOptions } from './incoming';

const CODE_OF_STEP: Record<SignatureCheckFailure['step'], NotificationFailureCode> = {
  headers: NotificationFailure.HEADERS,
  clock: NotificationFailure.CLOCK,
  serial: NotificationFailure.SERIAL,
  probe: NotificationFailure.PROBE,
  signature: NotificationFailure.SIGNATURE,
};

const APIV3_KEY_LENGTH = 32;

/**
 * `parseAsync` calls under way. One alone verifies on this thread: the pool's two thread hops cost more than
 * the ~40 µs verification (one at a time, bench/notification.ts read 0.46× of the bare inline loop with the
 * pool, 0.81× without, as fast as `parse`); overlapping ones verify on the pool, so their verifications use
 * every core (32 at a time: 1.10–1.12× of the bare inline loop, against 0.81–0.85× for `parse`).
 */
let parsing = 0;

export class Notification {
  private constructor() {}

  /** Verifies and decrypts an APIv3 notification on this thread. @throws NotificationError naming the failed check. */
  static parse(incoming: IncomingNotification, options: NotificationOptions): ParsedNotification {
    const { check, text } = prepare(incoming, options);
    const failure = checkSignature(check);
    if (failure) throw signatureError(failure);
    const parsed = openEnvelope(readEnvelope(text()), options.apiv3Key);
    claimSync(parsed.event.id, options, 'v3');
    return parsed;
  }

  /**
   * `parse` for promise callers: replay stores may answer with a Promise, an unknown serial is refreshed
   * asynchronously, and the RSA verification runs on libuv's thread pool when other calls overlap this one.
   */
  static async parseAsync(incoming: IncomingNotification, options: NotificationOptions): Promise<ParsedNotification> {
    parsing += 1;
    try {
      const { check, text } = prepare(incoming, options);
      const failure = await (parsing === 1 ? checkSignatureInline(check) : checkSignatureAsync(check));
      if (failure) throw signatureError(failure);
      const parsed = openEnvelope(readEnvelope(text()), options.apiv3Key);
      await claimAsync(parsed.event.id, options, 'v3');
      return parsed;
    } finally {
      parsing -= 1;
    }
  }

  /**
   * Parse (async), run `process`, and answer: success when it returns, failure when it throws (the
   * replay claim given back first), the error's own answer when the notification is rejected (success
   * for a duplicate). Never throws: what went wrong is in `error`, for logging.
   *
   *   const answer = await Notification.handle({ headers: req.headers, body }, { certs, apiv3Key }, fulfil);
   *   res.writeHead(answer.status, answer.headers).end(answer.body);
   */
  static handle(incoming: IncomingNotification, options: NotificationOptions, process: NotificationProcessor): Promise<HandledNotification> {
    return handleNotification(Notification.parseAsync, incoming, options, process);
  }

  /** Narrows a parsed notification to the typed resource of `eventType`. */
  static is<E extends KnownEventType>(notification: ParsedNotification, eventType: E): notification is ParsedNotificationOf<E> & ParsedNotification {
    return notification.event.event_type === eventType;
  }

  /** APIv2 XML notification: a payment (its `sign` checked) or a refund (`req_info` decrypted). */
  static parseV2(body: RawBody, options: NotificationV2Options): ParsedNotificationV2 {
    return parseV2(body, options);
  }

  /** `parseV2` for replay stores that answer with a Promise. */
  static parseV2Async(body: RawBody, options: NotificationV2Options): Promise<ParsedNotificationV2> {
    return parseV2Async(body, options);
  }

  /** The APIv3 success answer: 204, no body. */
  static success(): NotificationAnswer {
    return successAnswer();
  }

  /** The APIv3 failure answer: `{"code":"FAIL","message":"失败"}`, status 500 unless another 4xx/5xx is given. */
  static failure(message?: string, status?: number): NotificationAnswer {
    return failureAnswer(message, status);
  }

  /** The APIv2 success answer: `<xml><return_code><![CDATA[SUCCESS]]></return_code>…OK…</xml>`. */
  static successV2(): NotificationAnswer {
    return successAnswerV2();
  }

  /** The APIv2 failure answer: `return_code` FAIL with `message`. */
  static failureV2(message?: string): NotificationAnswer {
    return failureAnswerV2(message);
  }
}

/** Everything before the RSA verification: configuration, raw body, headers. */
function prepare(incoming: IncomingNotification, options: NotificationOptions): { check: SignatureCheckInput; text: () => string } {
  if (typeof incoming !== 'object' || incoming === null) {
    throw new InvalidArgumentException('Notification.parse expects { headers, body } as its first argument.');
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentException('Notification.parse expects { certs, apiv3Key } as its second argument.');
  }
  const certs = certificateSourceOf(options.certs);
  checkApiv3Key(options.apiv3Key);
  const body = rawBodyOf(incoming.body, 'v3');
  const read = headerReader(incoming.headers);
  const nowSeconds = options.now ? options.now() : Math.floor(Date.now() / 1000);
  return {
    check: {
      subject: 'notification',
      headers: {
        timestamp: read('Wechatpay-Timestamp'),
        nonce: read('Wechatpay-Nonce'),
        signature: read('Wechatpay-Signature'),
        serial: read('Wechatpay-Serial'),
        signatureType: read('Wechatpay-Signature-Type'),
      },
      body,
      certs,
      nowSeconds,
    },
    text: () => textOf(body, 'v3'),
  };
}

/** A wrong-length key is a configuration mistake, told apart from a notification that does not decrypt. */
function checkApiv3Key(key: unknown): void {
  const length = typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key instanceof Uint8Array ? key.byteLength : undefined;
  if (length !== APIV3_KEY_LENGTH) {
    throw new InvalidArgumentException(
      length === undefined
        ? '`apiv3Key` must be the 32-byte APIv3 key, as text or bytes.'
        : `\`apiv3Key\` must be the 32-byte APIv3 key, got ${length} bytes.`,
    );
  }
}

function signatureError(failure: SignatureCheckFailure): NotificationError {
  return new NotificationError(CODE_OF_STEP[failure.step], failure.message);
}
