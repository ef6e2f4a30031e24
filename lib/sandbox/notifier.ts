/**
 * The sandbox's side of callback notifications (docs/protocol.md §5): builds a notification as WeChat Pay
 * does (envelope, resource encrypted with AEAD_AES_256_GCM under the APIv3 key, signed with the
 * platform key and announced by its serial), POSTs it to a loopback `notify_url`, and retries on a
 * non-2xx answer, a timeout or a refused connection on WeChat Pay's schedule, compressed by `timeScale`.
 * Every attempt is recorded for tests to inspect.
 *
 * Only loopback receivers are accepted (127.0.0.0/8, localhost, [::1]): a sandbox must never send
 * traffic elsewhere, whatever `notify_url` an order carries. Redirects are not followed.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { AesGcm } from '../crypto/aes-gcm';
import { Rsa, type RsaKeyInput } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { positiveNumber } from '../errors/argument';
import { ErrorCode } from '../errors/codes.cjs';
import { Formatter } from '../formats/formatter';
import { AsyncTransport } from '../transport/async';
import { requestId, rfc3339 } from './ids';
import { signatureHeaders } from './response-signer';

/** WeChat Pay's retry intervals, in seconds: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h (24 h 4 min). */
export const WECHATPAY_RETRY_SCHEDULE: readonly number[] = Object.freeze([
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
]);

/** How much of a receiver's answer body each attempt keeps. */
const ANSWER_LIMIT = 1024;

const SUMMARIES: Readonly<Record<string, string>> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
};

export interface NotifierOptions {
  /** The platform signing key (certificate mode) or the WeChat Pay public key's private half. */
  readonly privateKey: KeyObject | RsaKeyInput;
  /** Announced in `Wechatpay-Serial`: the platform certificate serial or the `PUB_KEY_ID_…`. */
  readonly serial: string;
  /** The merchant's APIv3 key (32 bytes): encrypts `resource`. */
  readonly apiv3Key: string;
  /** Multiplies every retry interval: 1 is WeChat Pay's real schedule, 0.001 turns 15 s into 15 ms. Default 1. */
  readonly timeScale?: number;
  /** Retry intervals in seconds, before scaling. Default {@link WECHATPAY_RETRY_SCHEDULE}. */
  readonly schedule?: readonly number[];
  /** How long one attempt may take, in ms, not scaled (WeChat Pay allows 5 s). Default 5000. */
  readonly timeoutMs?: number;
  /** Clock for `Wechatpay-Timestamp`, Unix seconds; injectable to send stale notifications. */
  readonly now?: () => number;
  /** Called after every attempt and state change, e.g. to refresh a console. */
  readonly onChange?: (delivery: Delivery) => void;
}

/** What the sandbox knows when a payment or refund settles. */
export interface NotificationSpec {
  /** The order's or refund's `notify_url`; must be loopback. */
  readonly url: string;
  /** `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`, … */
  readonly eventType: string;
  /** The plaintext resource: the transaction or refund object. */
  readonly resource: Readonly<Record<string, unknown>>;
  /** Default by event type (`支付成功`, `退款成功`, …). */
  readonly summary?: string;
  /** Default `refund` for REFUND.* events, else `transaction`. Also `original_type`. */
  readonly associatedData?: string;
  /** The notification id; default a fresh UUID. */
  readonly id?: string;
  /** For tests: send a `WECHATPAY/SIGNTEST/` probe signature instead of a real one. */
  readonly probe?: boolean;
  /** For tests: flip one byte of the body after signing. */
  readonly tamper?: boolean;
}

export interface DeliveryAttempt {
  /** When the attempt started, ms since the epoch. */
  readonly at: number;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** The start of the receiver's answer body (what a merchant server says when it refuses). */
  readonly body?: string;
  /** Why no answer came: `ECONNREFUSED`, `timeout`, … */
  readonly error?: string;
  readonly durationMs: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'stopped';

/** One notification on its way: inspect `attempts`, await `settled`. */
export interface Delivery {
  readonly id: string;
  readonly url: string;
  readonly eventType: string;
  /** The `out_refund_no` or `out_trade_no` the notification is about. */
  readonly subject?: string;
  readonly body: string;
  readonly attempts: readonly DeliveryAttempt[];
  readonly state: DeliveryState;
  /** When the next retry is due (ms since the epoch), while one is scheduled. */
  readonly nextAttemptAt?: number;
  /** The headers of the latest attempt (each attempt is signed afresh); with `body`, what the receiver got. */
  readonly sentHeaders?: Readonly<Record<string, string>>;
  /** Resolves with the final state: delivered (a 2xx came back), failed (schedule exhausted) or stopped. */
  readonly settled: Promise<DeliveryState>;
}

/** A signed notification ready to send, or to hand to `Notification.parse` directly. */
export interface BuiltNotification {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export class Notifier {
  #privateKey: KeyObject;
  #serial: string;
  readonly #apiv3Key: string;
  readonly #timeScale: number;
  readonly #schedule: readonly number[];
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onChange: ((delivery: Delivery) => void) | undefined;
  readonly #transport = new AsyncTransport({ agent: { keepAliveTimeoutMs: 1_000, connectTimeoutMs: 5_000 } });
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #deliveries: MutableDelivery[] = [];
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: NotifierOptions) {
    this.#privateKey = Rsa.from(options.privateKey, Rsa.KEY_TYPE_PRIVATE);
    if (typeof options.serial !== 'string' || options.serial === '') throw new InvalidArgumentException('Notifier: `serial` (certificate serial or PUB_KEY_ID_…) is required.');
    this.#serial = options.serial;
    if (typeof options.apiv3Key !== 'string' || Buffer.byteLength(options.apiv3Key) !== AesGcm.KEY_LENGTH_BYTE) {
      throw new InvalidArgumentException('Notifier: `apiv3Key` must be the 32-byte APIv3 key.');
    }
    this.#apiv3Key = options.apiv3Key;
    this.#timeScale = positiveNumber(options.timeScale, 'Notifier: `timeScale`', 1);
    this.#schedule = options.schedule ?? WECHATPAY_RETRY_SCHEDULE;
    this.#timeoutMs = positiveNumber(options.timeoutMs, 'Notifier: `timeoutMs`', 5_000);
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.#onChange = options.onChange;
  }
  /** Signs every later notification (retries of earlier ones included) with this key, as after a certificate rotation. */
  useSigningKey(privateKey: KeyObject | RsaKeyInput, serial: string): void {
    this.#privateKey = Rsa.from(privateKey, Rsa.KEY_TYPE_PRIVATE);
    this.#serial = serial;
  }


  /** Every delivery started, oldest first. */
  get deliveries(): readonly Delivery[] {
    return this.#deliveries;
  }

  /** Builds, signs and POSTs the notification now, retrying on failure; returns at once. */
  send(spec: NotificationSpec): Delivery {
    if (this.#stopped) throw new InvalidArgumentException('Notifier: stopped; create a new one.');
    const url = loopbackUrl(spec.url);
    const envelope = this.#envelope(spec);
    const delivery: MutableDelivery = { id: envelope.id, url: url.href, eventType: spec.eventType, body: envelope.body, attempts: [], state: 'pending', settled: undefined!, spec, retriesDone: 0, ...subjectOf(spec.resource) };
    delivery.settled = new Promise((resolve) => (delivery.resolve = resolve));
    this.#deliveries.push(delivery);
    void this.#attempt(delivery, spec, 0);
    return delivery;
  }

  /** The signed notification without sending it (a fresh timestamp and nonce each call). */
  build(spec: Omit<NotificationSpec, 'url'>): BuiltNotification {
    const { id, body } = this.#envelope(spec);
    return { id, ...this.#signed(body, spec) };
  }

  /**
   * Sends `id` again at once, as the merchant platform's "resend" does: a scheduled retry is brought
   * forward; a settled delivery gets one more attempt and takes that attempt's outcome.
   */
  resendNow(id: string): Delivery {
    const delivery = this.#deliveries.find((candidate) => candidate.id === id);
    if (!delivery) throw new InvalidArgumentException(`Notifier: no notification ${id}.`);
    if (this.#stopped) throw new InvalidArgumentException('Notifier: stopped; create a new one.');
    if (delivery.timer) {
      clearTimeout(delivery.timer);
      this.#timers.delete(delivery.timer);
      delivery.timer = undefined;
      delivery.nextAttemptAt = undefined;
      void this.#attempt(delivery, delivery.spec, delivery.retriesDone + 1);
    } else if (delivery.state !== 'pending') {
      delivery.state = 'pending';
      delivery.settled = new Promise((resolve) => (delivery.resolve = resolve));
      void this.#attempt(delivery, delivery.spec, this.#schedule.length);
    }
    return delivery;
  }

  /** Resolves once every delivery so far has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.#deliveries.map((delivery) => delivery.settled));
  }

  /** Cancels pending retries and in-flight attempts; pending deliveries settle as `stopped`. Idempotent. */
  stop(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const delivery of this.#deliveries) if (delivery.state === 'pending') settle(delivery, 'stopped');
    await this.#transport.destroy(); // in-flight attempts fail now, and settle as `stopped`
  }

  #envelope(spec: Omit<NotificationSpec, 'url'>): { id: string; body: string } {
    if (typeof spec.eventType !== 'string' || spec.eventType === '') throw new InvalidArgumentException('Notifier: `eventType` is required, e.g. TRANSACTION.SUCCESS.');
    if (typeof spec.resource !== 'object' || spec.resource === null) throw new InvalidArgumentException('Notifier: `resource` must be the plaintext object.');
    const associatedData = spec.associatedData ?? (spec.eventType.startsWith('REFUND.') ? 'refund' : 'transaction');
    const nonce = Formatter.nonce(12);
    const id = spec.id ?? randomUUID();
    const body = JSON.stringify({
      id,
      create_time: rfc3339(this.#now() * 1000),
      resource_type: 'encrypt-resource',
      event_type: spec.eventType,
      summary: spec.summary ?? SUMMARIES[spec.eventType] ?? spec.eventType,
      resource: {
        original_type: associatedData,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: AesGcm.encrypt(JSON.stringify(spec.resource), this.#apiv3Key, nonce, associatedData),
        associated_data: associatedData,
        nonce,
      },
    });
    return { id, body };
  }

  /** Headers signed afresh (WeChat Pay re-signs each retry), faults applied after signing. */
  #signed(body: string, spec: Pick<NotificationSpec, 'probe' | 'tamper'>): { headers: Record<string, string>; body: Buffer } {
    const bytes = Buffer.from(body, 'utf8');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Request-ID': requestId(),
      ...signatureHeaders({ serial: this.#serial, privateKey: this.#privateKey }, bytes, this.#now(), spec.probe === true),
    };
    if (spec.tamper) bytes[bytes.length > 1 ? 1 : 0]! ^= 0x01;
    return { headers, body: bytes };
  }

  async #attempt(delivery: MutableDelivery, spec: NotificationSpec, retriesDone: number): Promise<void> {
    if (this.#stopped || delivery.state !== 'pending') return;
    const at = Date.now();
    const started = performance.now();
    const { headers, body } = this.#signed(delivery.body, spec);
    delivery.sentHeaders = headers;
    delivery.retriesDone = retriesDone;
    let outcome: { status: number; body?: string } | { error: string };
    try {
      const response = await this.#transport.send({
        method: 'POST',
        url: delivery.url,
        headers: Object.entries(headers),
        body,
        timeoutMs: this.#timeoutMs,
        maxResponseBytes: MAX_ANSWER_BYTES,
      });
      const answer = response.body.subarray(0, ANSWER_LIMIT).toString('utf8');
      outcome = { status: response.status, ...(answer === '' ? {} : { body: answer }) };
    } catch (error) {
      outcome = { error: this.#stopped ? 'stopped' : attemptError(error) };
    }
    delivery.attempts.push({ at, ...outcome, durationMs: Math.round((performance.now() - started) * 100) / 100 });
    if (delivery.state !== 'pending') return this.#onChange?.(delivery);
    if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) return this.#settle(delivery, 'delivered');
    if (retriesDone >= this.#schedule.length) return this.#settle(delivery, 'failed');
    // The interval runs from this attempt's start, so the recorded `at`s follow the schedule itself.
    const wait = Math.max(0, this.#schedule[retriesDone]! * 1000 * this.#timeScale - (Date.now() - at));
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      delivery.timer = undefined;
      delivery.nextAttemptAt = undefined;
      void this.#attempt(delivery, spec, retriesDone + 1);
    }, wait).unref();
    this.#timers.add(timer);
    delivery.timer = timer;
    delivery.nextAttemptAt = Date.now() + wait;
    this.#onChange?.(delivery);
  }

  #settle(delivery: MutableDelivery, state: DeliveryState): void {
    settle(delivery, state);
    this.#onChange?.(delivery);
  }
}

function subjectOf(resource: Readonly<Record<string, unknown>>): { subject?: string } {
  const subject = resource.out_refund_no ?? resource.out_trade_no ?? resource.combine_out_trade_no;
  return typeof subject === 'string' ? { subject } : {};
}


interface MutableDelivery extends Delivery {
  attempts: DeliveryAttempt[];
  state: DeliveryState;
  nextAttemptAt?: number | undefined;
  sentHeaders?: Record<string, string>;
  settled: Promise<DeliveryState>;
  readonly spec: NotificationSpec;
  retriesDone: number;
  timer?: NodeJS.Timeout | undefined;
  resolve?: (state: DeliveryState) => void;
}

function settle(delivery: MutableDelivery, state: DeliveryState): void {
  delivery.state = state;
  delivery.resolve?.(state);
}

/** Whether `send` would accept `url`: http(s) to 127.0.0.0/8, `localhost` or `[::1]`. For callers that skip rather than fail. */
export function isLoopbackUrl(url: string): boolean {
  try {
    loopbackUrl(url);
    return true;
  } catch {
    return false;
  }
}

/** The URL if its host is loopback: 127.0.0.0/8, `localhost` or `[::1]`, over http(s). */
export function loopbackUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentException(`Notifier: notify_url ${JSON.stringify(String(text).slice(0, 200))} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentException(`Notifier: notify_url must be http or https, got ${url.protocol}.`);
  }
  const host = url.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  if (!loopback) {
    throw new InvalidArgumentException(`Notifier: notify_url host ${host} is not loopback (127.0.0.0/8, localhost, [::1]); the sandbox sends notifications to this machine only.`);
  }
  return url;
}

/** A merchant's answer is a status and, at most, a small JSON body. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** `timeout` when no answer came within `timeoutMs`, else the root cause's code (`ECONNREFUSED`, …). */
function attemptError(error: unknown): string {
  const code = errorCodeOf(error);
  return code === ErrorCode.TIMEOUT || code === ErrorCode.HEADERS_TIMEOUT ? 'timeout' : code;
}

function errorCodeOf(error: unknown): string {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return error instanceof Error ? error.message : String(error);
}
