/**
 * The shapes of an APIv3 notification (docs/protocol.md §5): the envelope WeChat Pay POSTs, and the
 * decrypted `resource` typed by `event_type`. Payments carry the same `Transaction` object the order
 * queries answer, so that type is read from the endpoint description; refunds carry their own shape.
 */
import type { queryByOutTradeNo } from '../endpoints/overrides/transactions';
import type { ResponseOf } from '../endpoints/values';

/** The encrypted `resource` of the envelope. */
export interface EncryptedResource {
  readonly original_type: string;
  readonly algorithm: 'AEAD_AES_256_GCM';
  readonly ciphertext: string;
  readonly associated_data?: string;
  readonly nonce: string;
}

/** The envelope as it arrives: `resource` still encrypted. */
export interface NotificationEnvelope {
  readonly id: string;
  readonly create_time: string;
  readonly event_type: string;
  readonly resource_type: string;
  readonly summary: string;
  readonly resource: EncryptedResource;
}

/** What `parse` returns as `event`: the envelope without its ciphertext. */
export interface NotificationEvent<E extends string = string> {
  readonly id: string;
  readonly create_time: string;
  readonly event_type: E;
  readonly resource_type: string;
  readonly summary: string;
}

/** `TRANSACTION.SUCCESS`: the paid order, as `GET /v3/pay/transactions/out-trade-no/{…}` answers it. */
export type TransactionResource = ResponseOf<typeof queryByOutTradeNo> & Record<string, unknown>;

/** `REFUND.SUCCESS | REFUND.ABNORMAL | REFUND.CLOSED`. */
export interface RefundResource {
  readonly mchid: string;
  readonly out_trade_no: string;
  readonly transaction_id: string;
  readonly out_refund_no: string;
  readonly refund_id: string;
  readonly refund_status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  /** Present when `refund_status` is SUCCESS. */
  readonly success_time?: string;
  /** e.g. `招商银行信用卡0403`, `支付用户零钱`. */
  readonly user_received_account: string;
  readonly amount: {
    readonly total: number;
    readonly refund: number;
    readonly payer_total: number;
    readonly payer_refund: number;
  };
  readonly [field: string]: unknown;
}

/** The decrypted resource of each known `event_type`. */
export interface NotificationResources {
  'TRANSACTION.SUCCESS': TransactionResource;
  'REFUND.SUCCESS': RefundResource;
  'REFUND.ABNORMAL': RefundResource;
  'REFUND.CLOSED': RefundResource;
}

export type KnownEventType = keyof NotificationResources;

/** The resource for `E`; any other event type (PayScore, complaints, …) is a plain record. */
export type ResourceOf<E extends string> = E extends KnownEventType ? NotificationResources[E] : Record<string, unknown>;

/**
 * One parsed notification of event type `E`. `parse` returns `ParsedNotification` (any type, resource a
 * plain record); `Notification.is(n, 'TRANSACTION.SUCCESS')` narrows it to the typed resource. (A union
 * over event types cannot do this: TypeScript does not narrow on the nested `n.event.event_type`.)
 */
export interface ParsedNotificationOf<E extends string> {
  readonly event: NotificationEvent<E>;
  readonly resource: ResourceOf<E>;
}

export type ParsedNotification = ParsedNotificationOf<string>;
