/**
 * Connection pools shared by every client of the process that connects alike. Ten thousand merchants
 * calling the same WeChat Pay host need one keep-alive pool, not ten thousand: a pool is keyed by its
 * connection settings (timeouts, proxy, CA), never by merchant, since the APIv3 signature travels in each
 * request's headers. Mutual-TLS pools present one merchant's certificate and are never shared.
 */
import { AsyncTransport } from '../transport/async';
import { SyncTransport } from '../transport/sync';
import type { AgentOptions } from '../transport/wire';

export interface TransportPair {
  readonly async: AsyncTransport;
  readonly sync: SyncTransport;
  /** The settings, one object for every holder. */
  readonly agent: AgentOptions;
}

interface SharedEntry extends TransportPair {
  users: number;
}

const shared = new Map<string, SharedEntry>();

/** The pair for these settings, shared with every other holder; give it back with `releaseShared`. */
export function acquireShared(agent: AgentOptions): TransportPair {
  const key = keyOf(agent);
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = { async: new AsyncTransport({ agent }), sync: new SyncTransport(agent), agent, users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  return entry;
}

/** One holder is done; the last one closes the pools. */
export async function releaseShared(pair: TransportPair): Promise<void> {
  const entry = pair as SharedEntry;
  entry.users -= 1;
  if (entry.users > 0) return;
  for (const [key, value] of shared) if (value === entry) shared.delete(key);
  entry.sync.close();
  await entry.async.close();
}

/** Settings are plain data (strings, numbers, PEM bytes), so their JSON form identifies them. */
function keyOf(agent: AgentOptions): string {
  return JSON.stringify(agent, (_name, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));
}
