/**
 * examples/php-port.ts — one wechatpay-php script ported line for line — runs as a user would run it
 * (`npx tsx examples/php-port.ts`), in a child process: every block prints what the PHP script prints.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('examples/php-port.ts', () => {
  it('runs the APIv3 and APIv2 calls and the Guzzle catch blocks against its mocked handler, and exits 0', () => {
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, 'examples', 'php-port.ts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((line) => !line.startsWith('  (mock)') && line)).toEqual([
      'auth_state: AUTHORIZED',
      'code_url: weixin://wxpay/bizpayurl?pr=p4lpSuKzz',
      expect.stringMatching(/^404 ORDER_NOT_EXIST Request-ID 08F7[0-9A-F]{16}$/),
      'refused: 200 (ERR_WECHATPAY_SIGNATURE_MISMATCH)',
      'SUCCESS MICROPAY',
    ]);
    // The mock answered every call; nothing went to a network (the five requests are the mock's).
    expect(run.stdout.match(/^ {2}\(mock\) /gm)).toHaveLength(5);
    expect(run.stdout).toContain('(mock) POST /pay/micropay');
  }, 90_000);
});
