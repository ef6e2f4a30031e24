/**
 * Guzzle 7's exception tree, so PHP `catch` blocks port one for one:
 *
 *   TransferException
 *   ├─ ConnectException            no response at all
 *   └─ RequestException            sent, then failed (verification, …)
 *      └─ BadResponseException
 *         ├─ ClientException       4xx
 *         └─ ServerException       5xx
 *   InvalidArgumentException       bad config or options; nothing was sent
 *   └─ SyncModeException           a Promise under a synchronous verb
 *
 * Names: a class PHP has keeps PHP's name and its `…Exception` suffix; a class PHP has not ends in
 * `…Error` (`NotificationError`, `XmlParseError`). `SyncModeException` and `V2ResponseException` predate the
 * rule and keep their public names. Every code we set is one of `ErrorCode` (codes.cjs).
 *
 * Every class is branded with a registry symbol (brand.ts), so `instanceof` holds across two copies of
 * this package (a bundled one and an installed one) and for errors rebuilt on another thread.
 */
export {
  TransferException,
  ConnectException,
  RequestException,
  BadResponseException,
  ClientException,
  ServerException,
  type WechatpayErrorBody,
} from './transfer';
export { InvalidArgumentException, SyncModeException } from './argument';
export { ErrorCode, type ErrorCodeValue } from './codes.cjs';
