/** examples/profit-sharing.ts compiles against the typed chain (tsc covers examples/) and runs under tsx against the sandbox. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

it('adds a receiver, requests and queries a split with encrypted names, typed end to end', () => {
  const root = join(__dirname, '..', '..');
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, 'examples', 'profit-sharing.ts')], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/paid order: +PS\d+ → transaction 42\d{26}/);
  // The encrypted name reached the sandbox, was decrypted there, echoed back encrypted for the merchant, and decrypted here.
  expect(run.stdout).toMatch(/receiver added: MERCHANT_ID 86693852 \(STORE\), name 示例商户全称/);
  const [, outOrderNo, transactionId] = /split: +(P\d+) for (42\d{26}): (PROCESSING|FINISHED), order_id \d+/.exec(run.stdout) ?? [];
  expect(outOrderNo).toBeDefined();
  expect(run.stdout).toContain(transactionId);
  expect(run.stdout).toMatch(/query: +(PENDING|SUCCESS|CLOSED), same answer twice: true/);
}, 120_000);
