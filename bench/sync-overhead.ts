/**
 * What a synchronous verb costs over the promise verb, measured on the same local server:
 * - per call: median time of SyncTransport.send() vs AsyncTransport.send() (many calls, several rounds,
 *   alternating which goes first), and the CPU time each call takes in this process (both threads);
 * - where a synchronous call's time goes: the hop to the worker, the exchange there, the hop back, from
 *   timestamps taken on both threads (a worker entry that stamps its answers, bench/helpers/);
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
import * as path from 'node:path';
import { setWorkerEntryForTests, warmSyncBridgeSoon } from '../lib/transport/bridge';
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
const us = (value: number): string => `${value.toFixed(0)} µs`;

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

/** Times one call; its CPU time is this process's, both threads (the server is another process). */
interface Timed {
  ms: number;
  cpuUs: number;
}

function timed(send: () => void): Timed {
  const cpu = process.cpuUsage();
  const started = performance.now();
  send();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuUs: used.user + used.system };
}

async function timedAsync(send: () => Promise<unknown>): Promise<Timed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await send();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuUs: used.user + used.system };
}

async function perCall(cases: Case[], calls: number, rounds: number): Promise<void> {
  const sync = new SyncTransport({});
  const async_ = new AsyncTransport({ agent: {} });
  const timeSync = (request: WireRequest): Timed[] => Array.from({ length: calls }, () => timed(() => sync.send(request)));
  const timeAsync = async (request: WireRequest): Promise<Timed[]> => {
    const times: Timed[] = [];
    for (let i = 0; i < calls; i++) times.push(await timedAsync(() => async_.send(request)));
    return times;
  };

  console.log(`\nPer call: median of ${calls} sequential calls per round, median of ${rounds} rounds; CPU: this process, both threads`);
  console.log('| request | sync | promise | sync − promise | sync / promise | CPU sync | CPU promise |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { name, request } of cases) {
    // Warm both paths: worker, pools, JIT.
    timeSync(request);
    await timeAsync(request);
    const sync_ = { ms: [] as number[], cpu: [] as number[] };
    const promise = { ms: [] as number[], cpu: [] as number[] };
    const record = (into: typeof sync_, times: Timed[]): void => {
      into.ms.push(median(times.map((t) => t.ms)));
      into.cpu.push(median(times.map((t) => t.cpuUs)));
    };
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        record(sync_, timeSync(request));
        record(promise, await timeAsync(request));
      } else {
        record(promise, await timeAsync(request));
        record(sync_, timeSync(request));
      }
    }
    const s = median(sync_.ms);
    const a = median(promise.ms);
    console.log(`| ${name} | ${ms(s)} | ${ms(a)} | ${ms(s - a)} | ${(s / a).toFixed(2)}× | ${us(median(sync_.cpu))} | ${us(median(promise.cpu))} |`);
  }
  await async_.close();
  closeSyncBridge();
}

/**
 * Splits synchronous calls into their hops with a worker that stamps its answers (bench/helpers/), next to
 * the promise verb's whole exchange in the same rounds: what the worker spends on the exchange should match
 * the promise verb; the rest is the bridge.
 */
async function hops(request: WireRequest, calls: number, rounds: number): Promise<void> {
  setWorkerEntryForTests(path.join(__dirname, 'helpers/timed-sync-worker.cjs'));
  const sync = new SyncTransport({});
  const async_ = new AsyncTransport({ agent: {} });
  const now = (): number => performance.timeOrigin + performance.now();
  const split = { there: [] as number[], exchange: [] as number[], back: [] as number[], promise: [] as number[] };
  const syncRound = (): void => {
    const there: number[] = [];
    const exchange: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = now();
      const { stamps } = sync.send(request) as { stamps?: { arrived: number; answered: number } };
      const ended = now();
      if (stamps === undefined) throw new Error('bench: the timed worker entry did not stamp its answer');
      there.push(stamps.arrived - started);
      exchange.push(stamps.answered - stamps.arrived);
      back.push(ended - stamps.answered);
    }
    split.there.push(median(there));
    split.exchange.push(median(exchange));
    split.back.push(median(back));
  };
  const promiseRound = async (): Promise<void> => {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) times.push((await timedAsync(() => async_.send(request))).ms);
    split.promise.push(median(times));
  };
  syncRound();
  await promiseRound();
  for (const list of Object.values(split)) list.length = 0;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      syncRound();
      await promiseRound();
    } else {
      await promiseRound();
      syncRound();
    }
  }
  console.log(`\nWhere a synchronous call's time goes (GET, 512 B): medians of ${calls} calls, median of ${rounds} rounds`);
  console.log('| to the worker (clone, post, wake, dispatch) | exchange in the worker | back (clone, post, notify, wake, receive) | promise verb, whole exchange |');
  console.log('|---|---|---|---|');
  console.log(`| ${ms(median(split.there))} | ${ms(median(split.exchange))} | ${ms(median(split.back))} | ${ms(median(split.promise))} |`);
  await async_.close();
  setWorkerEntryForTests(undefined);
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
    await hops(wire(`${server.origin}/bytes?n=512`, 'GET', null), calls, rounds);
    startUp(`${server.origin}/bytes?n=512`, processes);
  } finally {
    await server.close();
  }
}

if (process.argv[2] === FIRST_CALL) firstCall(process.argv[3]!);
else if (process.argv[2] === FIRST_CALL_WARMED) firstCallWarmed(process.argv[3]!);
else void main();
