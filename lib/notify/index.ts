/** Callback notifications: `Notification` and what its callers name. */
export { Notification, type IncomingNotification, type NotificationOptions } from './notification';
export { NotificationError, NotificationFailure, type NotificationFailureCode, type NotificationProtocol } from './notification-error';
export type { NotificationAnswer } from './answers';
export type { HandledNotification, NotificationProcessor } from './handle';
export { MemoryReplayStore, DEFAULT_REPLAY_TTL_SECONDS, type ReplayStore, type MemoryReplayStoreOptions } from './replay-store';
export type { ReplayOptions } from './replay-claim';
export type { IncomingHeaders, HeaderGetter, HeaderValue } from './headers';
export type { RawBody } from './raw-body';
export type { CertsInput } from '../keys/certificate-source';
export type {
  NotificationEvent,
  NotificationEnvelope,
  EncryptedResource,
  NotificationResources,
  KnownEventType,
  ResourceOf,
  ParsedNotification,
  ParsedNotificationOf,
  TransactionResource,
  RefundResource,
} from './resources';
export type { ParsedNotificationV2, NotificationV2Options, V2Fields } from './v2';
