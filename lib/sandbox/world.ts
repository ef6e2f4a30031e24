/** What every handler may read or change: state, keys, mode, clock, addresses, bill tokens. */
import type { BillStore } from './bill-store';
import type { SandboxKeys } from './keys';
import type { NotificationSpec } from './notifier';
import type { SandboxState } from './state';

export type SandboxMode = 'pubkey' | 'cert';

export type { BillFile } from './bill-store';

export interface SandboxWorld {
  readonly state: SandboxState;
  /** Replaced (never mutated) when the platform certificate rotates. */
  keys: SandboxKeys;
  /** Platform certificates that signed before a rotation, newest first; still listed by `/v3/certificates`. */
  readonly retiredPlatforms: Array<SandboxKeys['platform']>;
  readonly mode: SandboxMode;
  /** Milliseconds since the epoch, as `Date.now()`; replaceable for tests. */
  readonly now: () => number;
  /** `http://127.0.0.1:PORT/`, known once listening. */
  readonly baseUri: () => string;
  /** What a never-signed openid answers: 200 UNAUTHORIZED or 404 NOT_FOUND. */
  readonly unknownOpenid: 'unauthorized' | 'not_found';
  /** Bill files by download token: expired ones swept, the total bounded. */
  readonly bills: BillStore;
  /** Sends a signed, encrypted notification to a loopback `notify_url`, retrying on WeChat Pay's schedule. */
  readonly notify: (spec: NotificationSpec) => void;
}
