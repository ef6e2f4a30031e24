/**
 * Goals 4 and 5 (first call): fresh processes, side by side and interleaved, on the built package (dist/,
 * built first when missing): `require` and `import` of the main entry beside wechatpay-axios-plugin's; the
 * time from the script's first line to the first verified response beside bare undici + node:crypto; the
 * first synchronous call. Each figure is the median of FRESH_PROCESSES runs (default 9).
 *
 *   npm run build && npx tsx bench/cold-start.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median, NOTE, spread, table } from './helpers/stats';
import { startWorld } from './helpers/seed';

const RUNS = Number(process.env.FRESH_PROCESSES ?? 9);
const CHILD = join(__dirname, 'helpers/cold-child.cjs');
const MODES = [
  'require wechatpay-ts',
  'require wechatpay-axios-plugin',
  'import wechatpay-ts',
  'import wechatpay-axios-plugin',
  'first verified response, wechatpay-ts',
  'first verified response, bare undici',
  'first sync call at once, wechatpay-ts',
  'first sync call 300 ms after start, wechatpay-ts',
  'first async call 300 ms after start, wechatpay-ts',
];

async function main() {
  if (!existsSync(join(__dirname, '../dist/cjs/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  const world = await startWorld();
  const results = new Map<string, number[]>(MODES.map((m) => [m, []]));
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < MODES.length; i++) {
      const mode = MODES[(i + run) % MODES.length]!;
      const child = spawnSync(process.execPath, [CHILD, mode, world.base, world.merchantKeyFile, world.platformPublicKeyFile], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${mode}: ${child.stderr}`);
      results.get(mode)!.push(JSON.parse(child.stdout).ms as number);
    }
  }
  world.server.kill('SIGTERM');
  const med = (mode: string) => median(results.get(mode)!);
  console.log(`# Cold start, ms (median of ${RUNS} fresh processes each, interleaved)\n${NOTE}\n`);
  console.log(table(MODES.map((mode) => ({ case: mode, 'median ms': fmt(med(mode), 1), 'min–max ms': spread(results.get(mode)!, 1) }))));
  console.log('\n# Goals');
  console.log(table([
    { goal: '4. require main entry', measured: `wechatpay-ts / peer = ${fmt(med('require wechatpay-ts') / med('require wechatpay-axios-plugin'), 2)}`, target: '≤ 1.00' },
    { goal: '4. import main entry', measured: `wechatpay-ts / peer = ${fmt(med('import wechatpay-ts') / med('import wechatpay-axios-plugin'), 2)}`, target: '≤ 1.00' },
    { goal: '4. first verified response', measured: `wechatpay-ts / bare undici = ${fmt(med('first verified response, wechatpay-ts') / med('first verified response, bare undici'), 2)}`, target: '≤ 1.10' },
    { goal: '5. first sync call (client built 300 ms before)', measured: `${fmt(med('first sync call 300 ms after start, wechatpay-ts'), 1)} ms (promise verb: ${fmt(med('first async call 300 ms after start, wechatpay-ts'), 1)} ms)`, target: '≤ 40 ms' },
    { goal: '5. first sync call (right after the client is built)', measured: `${fmt(med('first sync call at once, wechatpay-ts'), 1)} ms`, target: '-' },
  ]));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
