/** `npm run bench`: every bench script in turn, each in its own process so none disturbs the next. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const scripts = ['compile-cost.ts', 'chain.ts', 'rsa-sign.ts', 'client-throughput.ts', 'sync-overhead.ts', 'notification.ts'];
const only = process.argv.slice(2);
for (const script of scripts) {
  if (only.length && !only.some((o) => script.startsWith(o))) continue;
  const path = join(__dirname, script);
  if (!existsSync(path)) continue;
  console.log(`\n=== bench/${script} ===`);
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
