/**
 * Taking the replay claim for a verified notification (see replay-store.ts for why at parse time).
 * The synchronous `parse` cannot wait for an async store: it says so, and gives back the claim the
 * store may have taken meanwhile, so the refused call leaves nothing behind.
 */
import { isThenable } from '../stack/settle';
import { InvalidArgumentException } from '../errors';
import { NotificationError, NotificationFailure, type NotificationProtocol } from './notification-error';
import { DEFAULT_REPLAY_TTL_SECONDS, type ReplayStore } from './replay-store';

export interface ReplayOptions {
  /** Where accepted ids are claimed; absent → no replay check. */
  readonly replay?: ReplayStore | undefined;
  /** How long a claim lasts. Default 25 h: longer than WeChat Pay's 24 h 4 min of retries. */
  readonly replayTtlSeconds?: number | undefined;
}

export function claimSync(id: string, options: ReplayOptions, protocol: NotificationProtocol): void {
  const store = options.replay;
  if (!store) return;
  const claimed = store.remember(id, ttlOf(options));
  if (isThenable<boolean>(claimed)) {
    void Promise.resolve(claimed).then((taken) => (taken ? store.forget(id) : undefined), () => undefined);
    throw new InvalidArgumentException('The replay store answered with a Promise: use Notification.parseAsync (or parseV2Async) with an asynchronous store.');
  }
  if (!claimed) throw duplicate(id, protocol);
}

export async function claimAsync(id: string, options: ReplayOptions, protocol: NotificationProtocol): Promise<void> {
  const store = options.replay;
  if (!store) return;
  if (!(await store.remember(id, ttlOf(options)))) throw duplicate(id, protocol);
}

function ttlOf(options: ReplayOptions): number {
  const ttl = options.replayTtlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new InvalidArgumentException(`replayTtlSeconds must be a positive number of seconds, got ${ttl}.`);
  return ttl;
}

function duplicate(id: string, protocol: NotificationProtocol): NotificationError {
  return new NotificationError(
    NotificationFailure.DUPLICATE,
    `notification ${id} was already received (replay store): answer success so WeChat Pay stops retrying, and do not process it again.`,
    { protocol, notificationId: id },
  );
}
