/**
 * `npm run bench`: every bench script in turn, each in its own process so none disturbs the next.
 * `npm run bench -- client cold` runs only the scripts whose names start with those words. The scripts that
 * measure the built package (throughput, profile, cold start, many merchants) get a fresh `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const scripts = ['compile-cost.ts', 'chain.ts', 'rsa-sign.ts', 'client-throughput.ts', 'profile.ts', 'js-path.ts', 'sync-overhead.ts', 'cold-start.ts', 'many-merchants.ts', 'notification.ts', 'xml-parse.ts'];
const needsBuild = new Set(['client-throughput.ts', 'profile.ts', 'js-path.ts', 'cold-start.ts', 'many-merchants.ts']);
const only = process.argv.slice(2);
let built = false;
for (const script of scripts) {
  if (only.length && !only.some((o) => script.startsWith(o))) continue;
  const path = join(__dirname, script);
  if (!existsSync(path)) continue;
  if (needsBuild.has(script) && !built) {
    built = true;
    const build = spawnSync('npm', ['run', 'build'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
    if (build.status !== 0) process.exit(1);
  }
  console.log(`\n=== bench/${script} ===`);
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
