/**
 * jest `setupFiles` entry. jest loads the library afresh for every test file, so a sync worker warmed up
 * by one file's clients would stay behind, idle, when the next file starts: warm-up is off for the suite,
 * as the README advises for test runners. A test file that makes synchronous calls starts the worker with
 * its first call and stops it with closeSyncBridge(); spec/transport/sync.spec.ts turns warm-up back on.
 */
import { configureSyncBridge } from '../../lib/transport/bridge';

configureSyncBridge({ warmUp: false });
