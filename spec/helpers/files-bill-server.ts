/**
 * The large-bill server (files-bill-server-process.cjs) as a child process, and the memory probe the download specs
 * measure with: a worker thread that samples the process's RSS, so the peak is seen even while a
 * synchronous verb blocks the test's thread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { billBlocks } = require('./files-bill-server-process.cjs') as { billBlocks: (size: number) => Iterable<Buffer> };

export interface BillServer {
  readonly origin: string;
  /** A download_url of this server. */
  url(token: string, query?: Record<string, number>): string;
  /** How many file requests carried `token`. */
  hits(token: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startBillServer(): Promise<BillServer> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'files-bill-server-process.cjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as { port: number }));
    child.once('exit', (code) => reject(new Error(`the bill server exited (${code}) before listening`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (token, query = {}) => `${origin}/v3/billdownload/file?${new URLSearchParams({ token, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`,
    hits: async (token) => ((await (await fetch(`${origin}/hits?token=${token}`)).json()) as { hits: number }).hits,
    stop: () =>
      new Promise((resolve) => {
        lines.close();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** The digest of the generated bill of `size` bytes, computed block by block. */
export function generatedBillDigest(size: number, algorithm = 'sha1'): string {
  const hash = createHash(algorithm);
  for (const block of billBlocks(size)) hash.update(block);
  return hash.digest('hex');
}

/** Samples the process RSS every few milliseconds on another thread; `stop()` gives the peak seen. */
export async function rssProbe(): Promise<{ stop: () => Promise<number> }> {
  const peak = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     const sample = () => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; };
     sample();
     setInterval(sample, 2);
     parentPort.postMessage('ready');`,
    { eval: true, workerData: peak.buffer, execArgv: [] },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  return {
    stop: async () => {
      await worker.terminate();
      return Math.max(peak[0]!, process.memoryUsage.rss());
    },
  };
}
