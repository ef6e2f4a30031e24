/**
 * What a synchronous verb costs over the promise verb, measured on the same local server:
 * - per call: median time of SyncTransport.send() vs AsyncTransport.send() (many calls, several rounds,
 *   alternating which goes first);
 * - start-up: the first synchronous call of a fresh process, next to the second call, over several fresh
 *   processes: with the worker started by the call itself (worker start, undici load, connect), and with
 *   it started 300 ms before, as building a client does (warm-up; then only the connect remains).
 *
 *   npx tsx bench/sync-overhead.ts [calls-per-round=500] [rounds=5] [fresh-processes=5]
 *
 * The server runs in a child process (a synchronous call blocks this thread). Absolute figures depend on the
 * machine; the difference and the ratio are the point.
 */
import { spawnSync } from 'node:child_process';
import { AsyncTransport, SyncTransport, closeSyncBridge, type WireRequest } from '../lib/transport';
import { warmSyncBridgeSoon } from '../lib/transport/bridge';
import { startTransportServer } from '../spec/helpers/transport-server';

const FIRST_CALL = '--first-call';
const FIRST_CALL_WARMED = '--first-call-warmed';
/** How long before the first call the worker is started in the warmed case: a client built shortly before. */
const WARM_UP_MS = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

function wire(url: string, method: string, body: Buffer | null): WireRequest {
  return { method, url, headers: body ? [['Content-Type', 'application/json']] : [], body, timeoutMs: 10_000, maxResponseBytes: 1 << 20 };
}

/** Child mode: one process, one first sync call and one second, timed. */
function firstCall(url: string): void {
  timeFirstCall(new SyncTransport({}), url);
}

/** Child mode: as a client build does, the worker is started first; the first call comes WARM_UP_MS later. */
function firstCallWarmed(url: string): void {
  const transport = new SyncTransport({});
  warmSyncBridgeSoon();
  setTimeout(() => timeFirstCall(transport, url), WARM_UP_MS);
}

function timeFirstCall(transport: SyncTransport, url: string): void {
  const request = wire(url, 'GET', null);
  let started = performance.now();
  transport.send(request);
  const first = performance.now() - started;
  started = performance.now();
  transport.send(request);
  const second = performance.now() - started;
  process.stdout.write(JSON.stringify({ first, second }));
}

interface Case {
  name: string;
  request: WireRequest;
}

async function perCall(cases: Case[], calls: number, rounds: number): Promise<void> {
  const sync = new SyncTransport({});
  const async_ = new AsyncTransport({ agent: {} });
  const timeSync = (request: WireRequest): number[] =>
    Array.from({ length: calls }, () => {
      const started = performance.now();
      sync.send(request);
      return performance.now() - started;
    });
  const timeAsync = async (request: WireRequest): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await async_.send(request);
      times.push(performance.now() - started);
    }
    return times;
  };

  console.log(`\nPer call: median of ${calls} sequential calls per round, median of ${rounds} rounds`);
  console.log('| request | sync | promise | sync − promise | sync / promise |');
  console.log('|---|---|---|---|---|');
  for (const { name, request } of cases) {
    // Warm both paths: worker, pools, JIT.
    timeSync(request);
    await timeAsync(request);
    const syncMedians: number[] = [];
    const asyncMedians: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        syncMedians.push(median(timeSync(request)));
        asyncMedians.push(median(await timeAsync(request)));
      } else {
        asyncMedians.push(median(await timeAsync(request)));
        syncMedians.push(median(timeSync(request)));
      }
    }
    const s = median(syncMedians);
    const a = median(asyncMedians);
    console.log(`| ${name} | ${ms(s)} | ${ms(a)} | ${ms(s - a)} | ${(s / a).toFixed(2)}× |`);
  }
  await async_.close();
  closeSyncBridge();
}

function startUp(url: string, processes: number): void {
  const modes = [
    { flag: FIRST_CALL, name: 'worker started by the call' },
    { flag: FIRST_CALL_WARMED, name: `worker started ${WARM_UP_MS} ms before` },
  ];
  const times = new Map(modes.map(({ flag }) => [flag, { firsts: [] as number[], seconds: [] as number[] }]));
  for (let i = 0; i < processes; i++) {
    // Interleaved, so a change in the machine's load hits both modes alike.
    for (const { flag } of i % 2 ? [...modes].reverse() : modes) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, flag, url], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`first-call child failed: ${child.stderr}`);
      const { first, second } = JSON.parse(child.stdout) as { first: number; second: number };
      times.get(flag)!.firsts.push(first);
      times.get(flag)!.seconds.push(second);
    }
  }
  const row = (label: string, values: number[]): string => `| ${label} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;
  console.log(`\nStart-up: first synchronous call in a fresh process, ${processes} processes per mode, interleaved`);
  console.log('| | median | min | max |');
  console.log('|---|---|---|---|');
  for (const { flag, name } of modes) {
    console.log(row(`first sync call, ${name}`, times.get(flag)!.firsts));
    console.log(row(`second sync call, ${name}`, times.get(flag)!.seconds));
  }
}

async function main(): Promise<void> {
  const [calls = 500, rounds = 5, processes = 5] = process.argv.slice(2).map(Number);
  const server = await startTransportServer();
  try {
    console.log(`Node ${process.version}, ${process.platform}/${process.arch}; server: node:http in a child process on 127.0.0.1`);
    await perCall(
      [
        { name: 'GET, 512 B response', request: wire(`${server.origin}/bytes?n=512`, 'GET', null) },
        { name: 'POST 1 KiB JSON, echo', request: wire(`${server.origin}/echo`, 'POST', Buffer.from(JSON.stringify({ pad: 'x'.repeat(1000) }))) },
        { name: 'GET, 256 KiB response', request: wire(`${server.origin}/bytes?n=262144`, 'GET', null) },
      ],
      calls,
      rounds,
    );
    startUp(`${server.origin}/bytes?n=512`, processes);
  } finally {
    await server.close();
  }
}

if (process.argv[2] === FIRST_CALL) firstCall(process.argv[3]!);
else if (process.argv[2] === FIRST_CALL_WARMED) firstCallWarmed(process.argv[3]!);
else void main();
