/** examples/typed-seed.ts compiles with full types (tsc covers examples/) and runs under tsx against the sandbox. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

it('runs the typed seed, the personal-collections flow and an undescribed path', () => {
  const root = join(__dirname, '..', '..');
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, 'examples', 'typed-seed.ts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/seed, property chain: +200 AUTHORIZED since 2018-06-08T10:34:56\+08:00 \(1900000109\)/);
  expect(run.stdout).toMatch(/after signing: +AUTHORIZED, individual_auth_id \d{12}/);
  expect(run.stdout).toMatch(/combine order: +prepay_id wx\w+/);
  expect(run.stdout).toMatch(/undescribed path: +404 from the sandbox/);
}, 90_000);
