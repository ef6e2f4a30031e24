/**
 * One worker thread per process (per thread, strictly), shared by every client: started soon after the
 * first client is built (unless `configureSyncBridge({ warmUp: false })`), or by the first synchronous call
 * if that comes sooner. The calling thread posts a request, then blocks in `Atomics.wait` on a shared
 * counter until the worker has answered, and collects the answer with `receiveMessageOnPort`, without the
 * event loop. Design and the traps it avoids: docs/sync-bridge.md §4–§7.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ExchangeRequest } from './exchange-types';
import { BOOTSTRAP, CELL, LOAD_FAILED } from './bootstrap';
import type { AgentOptions, WireError, WireResponse } from './wire';
import { ErrorCode } from '../errors/codes.cjs';
import { InvalidArgumentException } from '../errors';

/**
 * Added to the request's own timeout before the caller stops waiting. The worker enforces the timeout
 * itself; tripping this means the worker is wedged, not that the server is slow. Generous because undici's
 * timers are coarse (~500 ms) and the machine may be loaded.
 */
export const BACKSTOP_GRACE_MS = 2_000;

/**
 * Next to this module: in lib/transport/ under ts-jest and tsx, in dist/cjs/transport/ once built (the build
 * copies *.cjs); from the bundled main entry (dist/cjs/index.js) that is transport/ beside it. Resolved at
 * first start, not at load, so that merely importing this module can never fail.
 */
function defaultEntry(): string {
  if (typeof __dirname !== 'string') throw new Error('the sync bridge needs the CommonJS build (it locates worker.cjs from __dirname)');
  const beside = path.join(__dirname, 'worker.cjs');
  return existsSync(beside) ? beside : path.join(__dirname, 'transport', 'worker.cjs');
}

export type BridgeAnswer = { id: number; ok: true; response: WireResponse } | { id: number; ok: false; error: WireError };

/** Why the bridge, rather than the HTTP exchange, failed. Rebuilt into a ConnectException by the caller. */
export class BridgeError extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
    this.name = 'BridgeError';
  }
}

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly cell: Int32Array;
  /** The counter value whose answers have been collected. */
  seen: number;
  /** Agents this worker has been told about. */
  readonly agents: Set<number>;
  dead: boolean;
}

let current: Bridge | undefined;
let entryOverride: string | undefined;
/** Shared by all bridges, so an answer from a replaced worker can never match a new request. */
let nextRequestId = 1;

function start(): Bridge {
  const { port1, port2 } = new MessageChannel();
  const cell = new Int32Array(new SharedArrayBuffer(CELL.length * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    // Inherited flags would bring tsx loaders, --inspect ports and jest preloads into a thread that needs none.
    execArgv: [],
    workerData: { port: port2, cell, entry: entryOverride ?? defaultEntry() },
    transferList: [port2],
  });
  // Right away, and no 'message' listener ever after (nodejs/node#53036): an idle bridge must not keep the
  // process alive.
  worker.unref();
  port1.unref();
  const bridge: Bridge = { worker, port: port1, cell, seen: 0, agents: new Set(), dead: false };
  const markDead = (): void => {
    bridge.dead = true;
    if (current === bridge) current = undefined;
  };
  // Without an 'error' listener a crashed worker would crash the process; these do not re-ref the worker.
  worker.on('error', markDead);
  worker.on('exit', markDead);
  return bridge;
}

function discard(bridge: Bridge): void {
  bridge.dead = true;
  if (current === bridge) current = undefined;
  bridge.port.close();
  bridge.worker.terminate().catch(() => undefined);
}

function live(): Bridge {
  if (current !== undefined && !current.dead && Atomics.load(current.cell, CELL.exited) === 0) return current;
  try {
    current = start();
  } catch (error) {
    const cause = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
    throw failure(ErrorCode.SYNC_WORKER_START, `the sync worker failed to start: ${cause.message}`, cause);
  }
  return current;
}

/** How the process's sync bridge behaves; see `configureSyncBridge`. */
export interface SyncBridgeSettings {
  /**
   * Start the worker in the background as soon as a client that can use it is built (default `true`), so
   * that the first synchronous call finds it running, with undici loaded and its HTTP path already run
   * once. `false` leaves the start to the first synchronous call, which then takes tens of milliseconds
   * more: for a process that only uses the promise verbs (the worker costs about 25 MB), and for test
   * runners that load the library afresh for every test file (each file would leave an idle worker behind).
   */
  warmUp?: boolean;
}

let warmUpEnabled = true;
let warmUpScheduled = false;

/**
 * Sets how this thread's sync bridge behaves from now on; call it before building clients, e.g. in a test
 * runner's setup file: `configureSyncBridge({ warmUp: false })`. A worker already running keeps running.
 */
export function configureSyncBridge(settings: SyncBridgeSettings): void {
  if (typeof settings !== 'object' || settings === null) throw new InvalidArgumentException('configureSyncBridge(settings) takes an object, e.g. { warmUp: false }.');
  for (const key of Object.keys(settings)) {
    if (key !== 'warmUp') throw new InvalidArgumentException(`configureSyncBridge: unknown setting \`${key}\` (the one setting is \`warmUp\`).`);
  }
  const { warmUp } = settings;
  if (warmUp !== undefined && typeof warmUp !== 'boolean') throw new InvalidArgumentException(`configureSyncBridge: \`warmUp\` must be true or false, not ${typeof warmUp}.`);
  if (warmUp !== undefined) warmUpEnabled = warmUp;
}

/**
 * Starts the worker soon, off the caller's path, so that the first synchronous call finds it warm: called
 * when a client that can use synchronous verbs is built. Once per module instance, and not at all while
 * warm-up is configured off.
 */
export function warmSyncBridgeSoon(): void {
  if (!warmUpEnabled || warmUpScheduled || current !== undefined) return;
  warmUpScheduled = true;
  setImmediate(() => {
    if (current !== undefined || !warmUpEnabled) return;
    try {
      live();
    } catch {
      // The first synchronous call starts it again and reports the failure.
    }
  }).unref();
}

function failure(code: string, message: string, cause?: WireError): BridgeError {
  return new BridgeError(cause === undefined ? { name: 'Error', message, code } : { name: 'Error', message, code, cause });
}

/**
 * Sends one request through the worker and blocks until its answer. Throws `BridgeError` when the worker
 * could not start, died, or stayed silent past `timeoutMs` + grace; any other throw is a cloning error
 * (the request held something that is not plain data).
 */
export function roundTrip(agent: number, agentOptions: AgentOptions, request: ExchangeRequest): BridgeAnswer {
  const bridge = live();
  if (!bridge.agents.has(agent)) {
    bridge.port.postMessage({ type: 'agent', agent, options: agentOptions });
    bridge.agents.add(agent);
  }
  const id = nextRequestId++;
  // No transfer list: transferring would detach the caller's body bytes, which retries and logs still need.
  bridge.port.postMessage({ type: 'request', id, agent, request });

  // The deadline is Atomics.wait's own timeout, never a clock: jest's fake timers freeze Date and hrtime.
  // No timeout asked → wait as long as the exchange takes; a worker that dies still wakes us (exit flag).
  const budget = request.timeoutMs > 0 ? request.timeoutMs + BACKSTOP_GRACE_MS : Infinity;
  for (;;) {
    if (Atomics.wait(bridge.cell, CELL.counter, bridge.seen, budget) === 'timed-out') {
      discard(bridge);
      throw failure(ErrorCode.SYNC_BACKSTOP, `the sync worker gave no answer within ${budget} ms; it was replaced`);
    }
    let drained = false;
    for (let got = receiveMessageOnPort(bridge.port); got !== undefined; got = receiveMessageOnPort(bridge.port)) {
      drained = true;
      const answer = got.message as BridgeAnswer;
      if (answer.id === id) {
        bridge.seen = Atomics.load(bridge.cell, CELL.counter);
        return answer;
      }
      if (answer.id === LOAD_FAILED && !answer.ok) {
        discard(bridge);
        throw failure(ErrorCode.SYNC_WORKER_START, `the sync worker failed to start: ${answer.error.message}`, answer.error);
      }
      // Any other id is a late answer to a call that already gave up: drop it (un-ts/synckit#183).
    }
    if (Atomics.load(bridge.cell, CELL.exited) === 1) {
      discard(bridge);
      throw failure(ErrorCode.SYNC_WORKER_EXITED, 'the sync worker stopped before answering');
    }
    // Advance only after a drain: if the count moved before its message became visible, the next wait
    // returns 'not-equal' at once and the port is polled again.
    if (drained) bridge.seen = Atomics.load(bridge.cell, CELL.counter);
  }
}

/** Tells the worker, if it knows the agent, to close that agent's pool. */
export function dropAgent(agent: number): void {
  if (current === undefined || !current.agents.has(agent)) return;
  current.agents.delete(agent);
  current.port.postMessage({ type: 'drop-agent', agent });
}

/**
 * Stops the sync worker, if one runs. Not needed for a normal process exit (the worker never keeps the
 * process alive); useful in test runners, which load modules afresh per test file, and for embedders.
 * The next synchronous call starts a new worker.
 */
export function closeSyncBridge(): void {
  if (current !== undefined) discard(current);
}

/** @internal Test hook: whether a worker is running (started, and not known to have stopped). */
export function syncBridgeRunning(): boolean {
  return current !== undefined && !current.dead;
}

/** @internal Test hook: run another worker entry (e.g. a broken one). `undefined` restores the real one. */
export function setWorkerEntryForTests(file: string | undefined): void {
  closeSyncBridge();
  entryOverride = file;
}
