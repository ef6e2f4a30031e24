/**
 * The README's first Quick-start command: `npm run demo` runs examples/demo.ts under tsx against the
 * embedded sandbox. Run it exactly so, in a child process, and check what it prints and that it exits.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('npm run demo', () => {
  it('prints the seed response six times, walks personal collections, refuses a tampered response, exits 0', () => {
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, 'examples', 'demo.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const seed = '200 {"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}';
    for (const spelling of ['property chain', 'chain()', 'bracket access']) {
      for (const verb of ['get()', 'getAsync()']) expect(run.stdout).toContain(`${`${spelling}, ${verb}`.padEnd(26)} ${seed}`);
    }
    expect(run.stdout).toMatch(/before signing: UNAUTHORIZED/);
    expect(run.stdout).toMatch(/after signing: AUTHORIZED, individual_auth_id \d{12}/);
    expect(run.stdout).toMatch(/prepay_id wx\w+/);
    expect(run.stdout).toMatch(/refused: ERR_WECHATPAY_SIGNATURE_MISMATCH/);
    expect(run.stdout).toMatch(/^console: http:\/\/127\.0\.0\.1:\d+\/sandbox\/console$/m);
  }, 90_000);

  it('with --keep, keeps the sandbox and its console open with an order to pay, until SIGINT', async () => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(root, 'examples', 'demo.ts'), '--keep'], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => stdout.includes('Ctrl-C stops') && resolve());
        child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      const consoleUrl = /^console: (\S+)$/m.exec(stdout)![1]!;
      const page = await fetch(consoleUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('WeChat Pay sandbox console');
      expect(stdout).toMatch(/kept open: Native order DEMO\d+, code_url weixin:\/\/wxpay\/bizpayurl\?pr=/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
