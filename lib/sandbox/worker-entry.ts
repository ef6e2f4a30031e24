/**
 * The sandbox's worker thread: runs a LocalEngine and answers the host's calls. Lifecycle messages
 * (ready, stop) use the worker's own port; hook calls use a dedicated port and a shared counter,
 * so the host can block on them with `Atomics.wait` and stay synchronous. Key changes (a rotation from
 * the console, a hook or the API) are posted on a third port before the change is answered, so the host
 * reads them synchronously whenever it next looks.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { LocalEngine, type EngineOptions } from './engine';

/** What crosses to the worker: plain data, no functions. */
export type WorkerEngineOptions = Omit<EngineOptions, 'now' | 'onKeysChanged'>;

export interface EngineWorkerData {
  readonly entry: string;
  readonly options: WorkerEngineOptions;
  readonly calls: MessagePort;
  /** The worker posts the new `SandboxKeys` here after each change. */
  readonly keyChanges: MessagePort;
  /** Incremented after each answer on `calls`. */
  readonly answered: Int32Array;
}

export type HookMethod = 'signContract' | 'markPaid' | 'markCombinePaid' | 'tamperNextResponse' | 'probeNextResponse' | 'rotatePlatformCertificate' | 'notifications';
export type HookCall = { readonly method: HookMethod; readonly args: unknown[] };
export type HookAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };
export type LifecycleMessage = { kind: 'ready'; baseUri: string; consoleUrl: string } | { kind: 'failed'; message: string } | { kind: 'stopped' };

export async function runEngineWorker(data: EngineWorkerData): Promise<void> {
  const host = parentPort!;
  let engine: LocalEngine;
  try {
    engine = await LocalEngine.start({ ...data.options, onKeysChanged: (keys) => data.keyChanges.postMessage(keys) });
  } catch (error) {
    host.postMessage({ kind: 'failed', message: (error as Error).message } satisfies LifecycleMessage);
    return;
  }
  data.calls.on('message', ({ method, args }: HookCall) => {
    let answer: HookAnswer;
    try {
      answer = { ok: true, value: (engine[method] as (...a: unknown[]) => unknown)(...args) };
    } catch (error) {
      answer = { ok: false, message: (error as Error).message };
    }
    data.calls.postMessage(answer);
    Atomics.add(data.answered, 0, 1);
    Atomics.notify(data.answered, 0);
  });
  host.on('message', async (message: { kind: 'stop' }) => {
    if (message.kind !== 'stop') return;
    try {
      await engine.stop();
    } finally {
      data.calls.close();
      data.keyChanges.close();
    }
    host.postMessage({ kind: 'stopped' } satisfies LifecycleMessage);
  });
  host.postMessage({ kind: 'ready', baseUri: engine.baseUri, consoleUrl: engine.consoleUrl } satisfies LifecycleMessage);
}
