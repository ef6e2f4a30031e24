/**
 * Runs the sandbox on a worker thread, so a synchronous verb that blocks this thread still gets
 * its answer. The hooks stay synchronous: each call blocks on `Atomics.wait` until the worker has
 * answered on a dedicated port. The keys in force are read the same way, without a round trip: the
 * worker posts every key change on its own port, and `currentKeys()` drains it synchronously.
 */
import { dirname, extname, join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { InvalidArgumentException } from '../errors';
import type { NotificationRecord, SandboxEngine, SignedContract } from './engine';
import type { SandboxKeys } from './keys';
import type { PlatformIdentity } from './rotation';
import type { EngineWorkerData, HookAnswer, HookMethod, LifecycleMessage, WorkerEngineOptions } from './worker-entry';

/** Hooks touch only memory (and the data file): anything slower than this means the worker is gone. */
const HOOK_TIMEOUT_MS = 10_000;
/** A graceful stop closes the server and the notifier; past this the worker is terminated. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Loads the worker entry; from sources (`.ts`, tests and `tsx`) it registers tsx's loader first,
 * resolved from the package itself. Evaluated code, so the entry's path is the only input.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) {
  require(require.resolve('tsx/cjs/api', { paths: [require('node:path').dirname(workerData.entry)] })).register();
}
require(workerData.entry).runEngineWorker(workerData);
`;

export class WorkerEngine implements SandboxEngine {
  readonly #worker: Worker;
  readonly #calls: MessagePort;
  readonly #answered: Int32Array;
  readonly #keyChanges: MessagePort;
  #keys: SandboxKeys;
  /** Settles when the worker thread has ended, however it ended (stop, crash, terminate). */
  readonly #exited: Promise<void>;
  #alive = true;
  readonly baseUri: string;
  readonly consoleUrl: string;

  static async start(options: WorkerEngineOptions): Promise<WorkerEngine> {
    const { port1, port2 } = new MessageChannel();
    const keyChanges = new MessageChannel();
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const workerData: EngineWorkerData = {
      entry: join(dirname(__filename), `worker-entry${extname(__filename)}`),
      options,
      calls: port2,
      keyChanges: keyChanges.port2,
      answered,
    };
    // No inherited flags: a preload that starts workers would recurse (esbuild's warning).
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData, transferList: [port2, keyChanges.port2], execArgv: [] });
    const first = await new Promise<LifecycleMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the sandbox worker exited (code ${code}) before it was ready`)));
    });
    if (first.kind !== 'ready') {
      keyChanges.port1.close();
      await worker.terminate();
      throw new Error(first.kind === 'failed' ? first.message : 'the sandbox worker did not start');
    }
    return new WorkerEngine(worker, port1, answered, keyChanges.port1, options.keys, first.baseUri, first.consoleUrl);
  }

  private constructor(worker: Worker, calls: MessagePort, answered: Int32Array, keyChanges: MessagePort, keys: SandboxKeys, baseUri: string, consoleUrl: string) {
    this.#worker = worker;
    this.#calls = calls;
    this.#answered = answered;
    this.#keyChanges = keyChanges;
    this.#keys = keys;
    this.baseUri = baseUri;
    this.consoleUrl = consoleUrl;
    worker.removeAllListeners('exit');
    worker.removeAllListeners('error');
    worker.on('error', (error) => process.emitWarning(`wechatpay-ts sandbox worker failed: ${error.stack ?? error.message}`));
    this.#exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.#alive = false;
        resolve();
      }),
    );
  }

  signContract(ref: string, options: { appid?: string; openid?: string }): SignedContract {
    return this.#call('signContract', ref, options) as SignedContract;
  }

  markPaid(outTradeNo: string, options: { openid?: string }): Record<string, unknown> {
    return this.#call('markPaid', outTradeNo, options) as Record<string, unknown>;
  }

  markCombinePaid(combineOutTradeNo: string, options: { openid?: string }): Record<string, unknown> {
    return this.#call('markCombinePaid', combineOutTradeNo, options) as Record<string, unknown>;
  }

  tamperNextResponse(): void {
    this.#call('tamperNextResponse');
  }

  probeNextResponse(): void {
    this.#call('probeNextResponse');
  }

  notifications(): NotificationRecord[] {
    return this.#call('notifications') as NotificationRecord[];
  }

  rotatePlatformCertificate(): PlatformIdentity {
    return this.#call('rotatePlatformCertificate') as PlatformIdentity;
  }

  /**
   * Drains the key changes the worker posted: a change is posted before the worker answers the rotation
   * (to the console, a hook or `rotatePlatformCertificate`), so it is already queued here; no event-loop turn needed.
   */
  currentKeys(): SandboxKeys {
    for (let change = receiveMessageOnPort(this.#keyChanges); change; change = receiveMessageOnPort(this.#keyChanges)) {
      this.#keys = change.message as SandboxKeys;
    }
    return this.#keys;
  }

  /** Always settles: a worker that already died (or never answers) is terminated instead of awaited. */
  async stop(): Promise<void> {
    if (this.#alive) {
      const stopped = new Promise<void>((resolve) => {
        this.#worker.on('message', (message: LifecycleMessage) => message.kind === 'stopped' && resolve());
        setTimeout(resolve, STOP_TIMEOUT_MS).unref();
      });
      this.#worker.postMessage({ kind: 'stop' });
      await Promise.race([stopped, this.#exited]);
    }
    this.currentKeys();
    this.#calls.close();
    this.#keyChanges.close();
    await this.#worker.terminate();
  }

  #call(method: HookMethod, ...args: unknown[]): unknown {
    if (!this.#alive) throw new Error(`the sandbox worker has exited; ${method} cannot run`);
    const seen = Atomics.load(this.#answered, 0);
    this.#calls.postMessage({ method, args });
    if (Atomics.wait(this.#answered, 0, seen, HOOK_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`the sandbox worker did not answer ${method} within ${HOOK_TIMEOUT_MS} ms`);
    }
    const answer = receiveMessageOnPort(this.#calls)?.message as HookAnswer | undefined;
    if (!answer) throw new Error(`the sandbox worker answered ${method} with nothing`);
    if (!answer.ok) throw new InvalidArgumentException(answer.message);
    return answer.value;
  }
}
