/**
 * Goal 3's CPU profile: the C=32 run of the default client under `node --cpu-prof`, summarised by where the
 * main thread's time went (wechatpay-ts's own code, undici, Node's internals, GC) per request, with the
 * top functions by self time. RSA work on libuv's pool threads is not on this thread, so not in the profile.
 *
 *   npx tsx bench/profile.ts            PROFILE_SECONDS=5, PROFILE_INTERVAL_US=100 by default; the raw .cpuprofile path is printed
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadBuilt } from './helpers/built';
import { fmt, NOTE, table } from './helpers/stats';
import { clientConfig, SEED, startWorld } from './helpers/seed';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 5);
/** Sampling interval: V8's default of 1 ms gives a few thousand samples per run, too coarse to size a 10 µs cost. */
const INTERVAL_US = Number(process.env.PROFILE_INTERVAL_US ?? 100);
const CHILD = '--profile-child';
const ROOT = join(__dirname, '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Child: C=32 seed calls for SECONDS after a warm-up; prints the count. */
async function child(base: string, keyFile: string, pubFile: string) {
  const world = { base, merchantKey: readFileSync(keyFile, 'utf8'), platformPublicKey: readFileSync(pubFile, 'utf8') };
  const { Builder } = loadBuilt();
  const node = Builder.factory(clientConfig(world as Parameters<typeof clientConfig>[0])).v3.ecommerce.individualContracts._openid_;
  // Warm-up at the same concurrency, so the 32 connections are open before the window starts.
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let i = 0; i < 10; i++) await node.getAsync(SEED);
  }));
  const cpuFrom = mainThreadCpuUs();
  const processFrom = process.cpuUsage();
  const from = process.hrtime.bigint() / 1000n;
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (performance.now() < end) {
      await node.getAsync(SEED);
      done++;
    }
  }));
  const to = process.hrtime.bigint() / 1000n;
  const cpu = cpuFrom === undefined ? -1 : mainThreadCpuUs()! - cpuFrom;
  const processCpu = process.cpuUsage(processFrom);
  // The window, on the profile's clock (monotonic µs), so start-up and warm-up are left out of the summary.
  process.stdout.write(`${done} ${from} ${to} ${cpu} ${processCpu.user + processCpu.system}\n`);
}

/**
 * CPU time of the main thread alone (Linux: /proc/self/task/<pid>/stat, in clock ticks of 10 ms), or
 * undefined elsewhere. The profiler samples wall time: on a busy machine a thread waiting for a core is
 * sampled in whatever it was running, so each category's share is scaled to the thread's real CPU time.
 */
function mainThreadCpuUs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

const OURS = 'wechatpay-ts (dist/, the built package)';
const NODE = 'Node internals (incl. crypto, http parser glue)';
const NATIVE = 'native (program)';

function category({ functionName, url }: ProfileNode['callFrame']): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)' || functionName === '(root)') return NATIVE;
  if (url.includes('/node_modules/undici/')) return 'undici';
  // undici's HTTP parser (llhttp) is WebAssembly; nothing else in the process is.
  if (url.startsWith('wasm:') || functionName.startsWith('wasm-function')) return 'undici';
  if (url.includes('/node_modules/')) return 'other packages';
  if (url.startsWith('node:')) return NODE;
  if (url.startsWith('file://') && (url.includes('/dist/cjs/') || url.includes('/lib/'))) return OURS;
  return url === '' ? NATIVE : 'other';
}

async function main() {
  loadBuilt(); // builds dist/ here if needed, not inside the profiled child
  const world = await startWorld();
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-profile-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(INTERVAL_US), __filename, CHILD, world.base, world.merchantKeyFile, world.platformPublicKeyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
  world.server.kill('SIGTERM');
  if (code !== 0) throw new Error(`profile child exited with ${code}`);
  const [requests, from, to, cpuUs, processUs] = out.trim().split(' ').map(Number) as [number, number, number, number, number];
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (the sync worker has its own file).
  const file = join(dir, readdirSync(dir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f))!);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const cat = category(frame);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
    if (cat === 'idle') continue;
    const where = frame.url ? `${relative(ROOT, frame.url.replace(/^file:\/\//, '')) || frame.url}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  // Our code also costs what it calls in Node (Buffer, URL, timers, WeakMap…): each such sample is charged to
  // the nearest caller that is not Node's, RSA (the crypto calls) and undici's socket writes apart.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const RSA_CALLS = new Set(['signOneShot', 'verifyOneShot']);
  let oursWithNode = 0;
  for (const [id, us] of self) {
    if (RSA_CALLS.has(byId.get(id)!.callFrame.functionName)) continue;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const cat = category(byId.get(at)!.callFrame);
      if (cat === OURS) oursWithNode += us;
      if (cat !== NODE && cat !== NATIVE) break;
    }
  }
  const perRequest = (us: number) => fmt(us / requests, 1);
  // Sampled time is wall time; the thread's CPU time scales each busy category to what it really cost.
  const busy = [...categories].reduce((sum, [cat, us]) => (cat === 'idle' ? sum : sum + us), 0);
  const cpuShare = (us: number) => (cpuUs > 0 && busy > 0 ? fmt(((us / busy) * cpuUs) / requests, 1) : '-');
  console.log(`# CPU profile of the C=32 run: ${fmt(requests)} requests in ${SECONDS} s (main thread; RSA on the pool is elsewhere)\n${NOTE}`);
  if (cpuUs > 0) console.log(`Main thread: ${fmt(cpuUs / requests, 1)} µs of CPU per request, ${fmt(busy / requests, 1)} µs sampled busy (the rest waited for a core).`);
  console.log(`Whole client process (main thread + RSA on the pool + profiler): ${fmt(processUs / requests, 1)} µs of CPU per request.`);
  console.log('');
  console.log(table([...categories].sort((a, b) => b[1] - a[1]).map(([cat, us]) => ({ where: cat, 'sampled µs / request': perRequest(us), 'CPU µs / request': cat === 'idle' ? '-' : cpuShare(us) }))));
  console.log('\n## Top functions by self time\n');
  console.log(table([...functions].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, us]) => ({ function: fn, 'sampled µs / request': perRequest(us), 'CPU µs / request': cpuShare(us) }))));
  const ours = categories.get(OURS) ?? 0;
  console.log(`\n# Goal 3: our own JS per request = ${cpuShare(ours)} µs of CPU (${perRequest(ours)} µs sampled; target < 10 µs)`);
  console.log(`  with the Node built-ins it calls (Buffer, URL, timers…; RSA and socket writes not counted): ${cpuShare(oursWithNode)} µs of CPU (${perRequest(oursWithNode)} µs sampled)`);
  console.log(`(raw profile: ${file})`);
}

if (process.argv[2] === CHILD) {
  child(process.argv[3]!, process.argv[4]!, process.argv[5]!).then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
