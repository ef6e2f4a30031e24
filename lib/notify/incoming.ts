/** What a notification handler receives, and what it needs to check it: shared by parse and handle. */
import type { CertsInput } from '../keys/certificate-source';
import type { IncomingHeaders } from './headers';
import type { RawBody } from './raw-body';
import type { ReplayOptions } from './replay-claim';

/** What arrived: the request's headers (any shape servers use) and its raw body. */
export interface IncomingNotification {
  readonly headers: IncomingHeaders;
  readonly body: RawBody;
}

export interface NotificationOptions extends ReplayOptions {
  /** Verification keys by `Wechatpay-Serial`: `PUB_KEY_ID_…` and/or platform certificate serials. */
  readonly certs: CertsInput;
  /** The APIv3 key: 32 bytes. */
  readonly apiv3Key: string | Uint8Array;
  /** Our clock in Unix seconds; injectable for tests. */
  readonly now?: () => number;
}
