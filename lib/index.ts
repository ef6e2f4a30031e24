/**
 * wechatpay-ts: the public names (the README documents each), and nothing else.
 */
export { Builder } from './builder/builder';
export type { BuilderChainable, ChainableVerbs, ChainRoot, Chainable } from './builder/chainable';
export type { Endpoints, EndpointPath, EndpointOptions, EndpointResponse, EndpointOperation } from './builder/typed/endpoints';
export { ClientDecorator, Client, type ClientSettings } from './client/client-decorator';
export type { ClientConfig, KeyLike, MerchantCertificate, DebugSink } from './client/config';
export type { VerbOptions, RedirectOptions } from './client/options';
export { TransferStats } from './client/transfer-stats';
export { CertificateStore, type CertificateSource } from './keys/certificate-store';

export { HandlerStack } from './stack/handler-stack';
export { GuzzlePromise, WAIT_WOULD_BLOCK, type PromiseState } from './stack/guzzle-promise';
export { Middleware } from './stack/middleware';
export type { Handler, HandlerOptions, PromiseHandler } from './stack/types';
export { MAXIMUM_CLOCK_OFFSET, VerificationFailure } from './stack/verifier';
export { V2ResponseException, V2ResponseFailure, type V2ResponseFailureCode } from './stack/v2/v2-response-exception';

export { Request } from './message/request';
export { RequestBody } from './message/request-body';
export { Response, ResponseBody } from './message/response';
export { Headers } from './message/headers';

export * from './errors'; // the exception tree and ErrorCode: errors/index.ts exports nothing else

export { Formatter } from './formats/formatter';
export { Transformer, XmlParseError, type XmlRecord, type XmlNode } from './formats/transformer';
export { Rsa, OPENSSL_PKCS1_PADDING, OPENSSL_PKCS1_OAEP_PADDING, type RsaKeyInput, type RsaKeyType, type RsaPadding } from './crypto/rsa';
export { AesGcm } from './crypto/aes-gcm';
export { AesEcb } from './crypto/aes-ecb';
export { Hash, signFields, type SignType } from './crypto/hash';
export { PemUtil } from './crypto/pem-util';
export { Sensitive, type EncryptedOptions, type OperationRef, type SensitiveFields, type SensitiveKey, type SensitiveOptions } from './sensitive';
export { MediaUtil, type MediaSource, type MediaMeta } from './files/media-util';
export { downloadBill, downloadBillSync, BILL_HASH_MISMATCH, type BillClient, type BillReference, type DownloadBillOptions, type DownloadBillResult } from './files';

export { closeSyncBridge, configureSyncBridge, type SyncBridgeSettings } from './transport/bridge';

export {
  Notification,
  NotificationError,
  NotificationFailure,
  MemoryReplayStore,
  DEFAULT_REPLAY_TTL_SECONDS,
  type ReplayStore,
  type NotificationAnswer,
  type HandledNotification,
  type NotificationProcessor,
  type NotificationOptions,
  type IncomingNotification,
  type ParsedNotification,
  type ParsedNotificationOf,
  type NotificationEvent,
  type KnownEventType,
  type TransactionResource,
  type RefundResource,
  type ParsedNotificationV2,
  type NotificationFailureCode,
} from './notify';

export { CertificateManager, CERTIFICATES_UNREADABLE, type CertificateManagerOptions, type CertificateSnapshot } from './certificates';
export { MemoryStore, FileStore, RedisStore, type KeyValueStore, type FileStoreOptions, type RedisStoreOptions, type RedisCommandClient } from './stores';
export type { RetryOptions, AttemptRecord } from './resilience';

// The sandbox is a server: it is `wechatpay-ts/sandbox` (lib/sandbox/index.ts), never loaded from here.
