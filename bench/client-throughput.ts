/**
 * Goals 1, 2, 3 and 5 (per call): signed and verified requests per second, side by side in one run, rounds
 * interleaved, against one cheap server in another process (it pre-signs its single reply):
 *   - wechatpay-ts as a user runs it (the built package, see helpers/built.ts) and builds it (retry and
 *     failover on), and with `retry: false, backup_base_uri: false`;
 *   - bare undici + inline crypto.sign/verify, no SDK (bench/helpers/bare-client.cjs);
 *   - wechatpay-axios-plugin, configured the same way;
 *   - wechatpay-ts's synchronous verb at C=1.
 *
 * Beside each rate, the CPU this process spent per request (all its threads: RSA on the pool, the sync worker;
 * not the server's): on a shared machine a neighbour moves the rates of a round far more than the CPU a
 * request costs, so a cost (goal 1) is also read in CPU.
 *
 * Then goal 5 once more, paired call by call (see pairedSyncCost).
 *
 *   npx tsx bench/client-throughput.ts          ROUNDS=7 SECONDS_PER_CASE=2 PAIRS=2000 by default
 *   ROUNDS=0 npx tsx bench/client-throughput.ts the paired goal-5 measure alone (a few seconds)
 */
import { Agent } from 'undici';
import { loadBuilt } from './helpers/built';
import { fmt, median, NOTE, spread, table } from './helpers/stats';
import { clientConfig, MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, SEED, startWorld } from './helpers/seed';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bareClient } = require('./helpers/bare-client.cjs') as { bareClient: (o: object) => () => Promise<unknown> };

const { Builder, closeSyncBridge } = loadBuilt();
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const SECONDS = Number(process.env.SECONDS_PER_CASE ?? 2);
const PAIRS = Number(process.env.PAIRS ?? 2000);

interface Round {
  /** Completed calls per second. */
  perSecond: number;
  /** CPU time of this process (every thread) per completed call, µs. */
  cpuUs: number;
}

function round(done: number, cpuFrom: NodeJS.CpuUsage): Round {
  const cpu = process.cpuUsage(cpuFrom);
  return { perSecond: done / SECONDS, cpuUs: (cpu.user + cpu.system) / done };
}

/**
 * A few untimed calls at the case's own concurrency first: the keep-alive connections a case left have
 * closed by its next turn, and the two wechatpay-ts clients share one pool, so without this the first of
 * them to run in a round would pay for opening every connection and the second would find them open.
 */
const WARM_UP_CALLS = 3;

/** Runs `one()` with `concurrency` loops for `SECONDS`, after a warm-up. */
async function rate(concurrency: number, one: () => Promise<unknown>): Promise<Round> {
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < WARM_UP_CALLS; i++) await one();
  }));
  const cpuFrom = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await one();
      done++;
    }
  }));
  return round(done, cpuFrom);
}

function syncRate(one: () => unknown): Round {
  for (let i = 0; i < WARM_UP_CALLS; i++) one();
  const cpuFrom = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  while (performance.now() < end) {
    one();
    done++;
  }
  return round(done, cpuFrom);
}

/**
 * Goal 5 again, paired: a synchronous and a promise call of the same client alternate (and which of them goes
 * first alternates too), and each pair's difference is kept. Both calls of a pair meet the same moment of a
 * noisy machine, which rates taken seconds apart cannot promise; the median difference is the per-call cost.
 */
async function pairedSyncCost(sync: () => unknown, promise: () => Promise<unknown>, pairs: number): Promise<{ wallUs: number[]; cpuUs: number[] }> {
  const timeSync = (): [number, number] => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    sync();
    const used = process.cpuUsage(cpu);
    return [(performance.now() - started) * 1000, used.user + used.system];
  };
  const timePromise = async (): Promise<[number, number]> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await promise();
    const used = process.cpuUsage(cpu);
    return [(performance.now() - started) * 1000, used.user + used.system];
  };
  const wallUs: number[] = [];
  const cpuUs: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    let s: [number, number];
    let p: [number, number];
    if (pair % 2 === 0) {
      s = timeSync();
      p = await timePromise();
    } else {
      p = await timePromise();
      s = timeSync();
    }
    wallUs.push(s[0] - p[0]);
    cpuUs.push(s[1] - p[1]);
  }
  return { wallUs, cpuUs };
}

async function main() {
  const world = await startWorld();
  const config = clientConfig(world);
  const ours = Builder.factory(config).v3.ecommerce.individualContracts._openid_;
  const bare = Builder.factory({ ...config, retry: false, backup_base_uri: false }).v3.ecommerce.individualContracts._openid_;
  const byHand = bareClient({ merchantKeyPem: world.merchantKey, platformPublicKeyPem: world.platformPublicKey, target: world.target, mchid: MCHID, serial: MERCHANT_SERIAL, dispatcher: new Agent() });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Wechatpay } = require('wechatpay-axios-plugin');
  const peer = new Wechatpay({ ...config, privateKey: `file://${world.merchantKeyFile}`, certs: { [PLATFORM_SERIAL]: `file://${world.platformPublicKeyFile}` }, baseURL: world.base }).v3.ecommerce.individualContracts._openid_;
  const peerGet = () => peer.get({ params: SEED.query, openid: SEED.openid });

  // Every contestant really gets a verified answer before it is timed.
  const answers = [(await ours.getAsync(SEED)).json<{ auth_state: string }>(), ours.get(SEED).json<{ auth_state: string }>(), (await byHand()) as { auth_state: string }, (await peerGet()).data];
  if (answers.some((a) => a.auth_state !== 'AUTHORIZED')) throw new Error('bench setup: unexpected answers');

  const cases: Array<[string, () => Promise<Round>]> = [
    ['bare undici + inline crypto, c=1', () => rate(1, byHand)],
    ['wechatpay-ts default, c=1', () => rate(1, () => ours.getAsync(SEED))],
    ['wechatpay-ts resilience off, c=1', () => rate(1, () => bare.getAsync(SEED))],
    ['wechatpay-axios-plugin, c=1', () => rate(1, peerGet)],
    ['wechatpay-ts get() (sync), c=1', async () => syncRate(() => ours.get(SEED))],
    ['bare undici + inline crypto, c=32', () => rate(32, byHand)],
    ['wechatpay-ts default, c=32', () => rate(32, () => ours.getAsync(SEED))],
    ['wechatpay-ts resilience off, c=32', () => rate(32, () => bare.getAsync(SEED))],
    ['wechatpay-axios-plugin, c=32', () => rate(32, peerGet)],
  ];
  if (ROUNDS > 0) await rates(cases);
  await pairedGoal5(() => ours.get(SEED), () => ours.getAsync(SEED));

  closeSyncBridge();
  world.server.kill('SIGTERM');
  process.exit(0);
}

/** The rate rounds, then the goals read from them. */
async function rates(cases: Array<[string, () => Promise<Round>]>): Promise<void> {
  const results = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with a different case, so no contestant always runs first, and odd rounds go through
    // the list backwards, so no contestant always runs right after the same one (after a case that signed
    // inline on this thread, say, or one that shares its pool).
    for (let i = 0; i < cases.length; i++) {
      const step = round % 2 === 0 ? i : cases.length - 1 - i;
      const [name, run] = cases[(step + round) % cases.length]!;
      const measured = await run();
      results.get(name)!.push(measured.perSecond);
      cpu.get(name)!.push(measured.cpuUs);
    }
  }
  const med = (name: string) => median(results.get(name)!);
  console.log(`# Signed + verified requests per second (${ROUNDS} interleaved rounds × ${SECONDS} s per case)\n${NOTE}\n`);
  console.log(table(cases.map(([name]) => ({ case: name, 'median /s': fmt(med(name)), 'min–max /s': spread(results.get(name)!), 'CPU µs / request': `${fmt(median(cpu.get(name)!))} (${spread(cpu.get(name)!)})` }))));

  // Each round measures both sides of a ratio minutes apart at most (the rotation keeps them adjacent), so a
  // ratio is taken per round and its median reported with its spread: a busy minute moves both sides alike.
  const perRound = (a: string, b: string) => results.get(a)!.map((value, round) => value / results.get(b)![round]!);
  const ratio = (a: string, b: string, digits = 3) => `${fmt(median(perRound(a, b)), digits)} (${spread(perRound(a, b), digits)})`;
  // Per round, like the ratios: the time a sync call takes over a promise call of the same round.
  const extraUs = (a: string, b: string) => {
    const rounds = results.get(a)!.map((value, round) => 1e6 / value - 1e6 / results.get(b)![round]!);
    return `${fmt(median(rounds))} (${spread(rounds)})`;
  };
  const cpuRatio = (a: string, b: string) => {
    const rounds = cpu.get(a)!.map((value, round) => value / cpu.get(b)![round]!);
    return `${fmt(median(rounds), 3)} (${spread(rounds, 3)})`;
  };
  console.log('\n# Goals (each ratio: median of the per-round ratios, min–max of the rounds in brackets)');
  console.log(table([
    { goal: '1. resilience cost, c=1', measured: `default / off = ${ratio('wechatpay-ts default, c=1', 'wechatpay-ts resilience off, c=1')}`, target: '≥ 0.95' },
    { goal: '1. resilience cost, c=32', measured: `default / off = ${ratio('wechatpay-ts default, c=32', 'wechatpay-ts resilience off, c=32')}`, target: '≥ 0.95' },
    { goal: '1. … in CPU per request, c=1', measured: `default / off = ${cpuRatio('wechatpay-ts default, c=1', 'wechatpay-ts resilience off, c=1')}`, target: '≤ 1.05' },
    { goal: '1. … in CPU per request, c=32', measured: `default / off = ${cpuRatio('wechatpay-ts default, c=32', 'wechatpay-ts resilience off, c=32')}`, target: '≤ 1.05' },
    { goal: '2. c=1 vs bare undici', measured: `wechatpay-ts / bare = ${ratio('wechatpay-ts default, c=1', 'bare undici + inline crypto, c=1')}`, target: '≥ 1.00' },
    { goal: '3. c=32 vs wechatpay-axios-plugin', measured: `wechatpay-ts / peer = ${ratio('wechatpay-ts default, c=32', 'wechatpay-axios-plugin, c=32', 2)}×`, target: '≥ 3×' },
    { goal: '(c=1 vs wechatpay-axios-plugin)', measured: `wechatpay-ts / peer = ${ratio('wechatpay-ts default, c=1', 'wechatpay-axios-plugin, c=1', 2)}×`, target: '-' },
    { goal: '5. sync verb cost per call, c=1', measured: `${extraUs('wechatpay-ts get() (sync), c=1', 'wechatpay-ts default, c=1')} µs over getAsync()`, target: '≤ 50 µs' },
    { goal: '5. … in CPU per call, c=1', measured: `${fmt(median(cpu.get('wechatpay-ts get() (sync), c=1')!) - median(cpu.get('wechatpay-ts default, c=1')!))} µs over getAsync()`, target: '-' },
  ]));
}

/** Goal 5, paired (see pairedSyncCost): the two verbs of one client. */
async function pairedGoal5(sync: () => unknown, promise: () => Promise<unknown>): Promise<void> {
  const paired = await pairedSyncCost(sync, promise, PAIRS);
  const quartiles = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    return `${fmt(sorted[Math.floor(sorted.length / 4)]!)} to ${fmt(sorted[Math.floor((sorted.length * 3) / 4)]!)}`;
  };
  console.log(`\n# Goal 5, paired: ${fmt(PAIRS)} pairs of one get() and one getAsync() on the same client, alternating`);
  console.log(table([
    { measure: 'sync − promise, wall µs per call', median: fmt(median(paired.wallUs)), 'middle half': quartiles(paired.wallUs), target: '≤ 50 µs' },
    { measure: 'sync − promise, CPU µs per call (both threads)', median: fmt(median(paired.cpuUs)), 'middle half': quartiles(paired.cpuUs), target: '-' },
  ]));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
