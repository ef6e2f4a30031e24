/**
 * `npx wechatpay-ts sandbox … &` then `kill $!`: the signal reaches npm's wrapper, which dies without
 * passing it on. The sandbox notices it has been orphaned and stops, freeing its port. Tested with a
 * real process tree: a wrapper process (as npm) and the sandbox command as its child.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveSandboxKeys } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (check()) return true;
  }
  return check();
}

describe('wechatpay-ts sandbox under a wrapper that dies without forwarding the signal', () => {
  let dir: string;
  let sandboxPid = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-orphan-'));
  });
  afterEach(() => {
    if (sandboxPid && alive(sandboxPid)) process.kill(sandboxPid, 'SIGKILL'); // only if the test failed
    rmSync(dir, { recursive: true, force: true });
  });

  /** The wrapper (as npm) and the sandbox command as its child; resolves once the sandbox listens. */
  async function startUnderWrapper() {
    saveSandboxKeys(dir, await sandboxKeys());
    const log = join(dir, 'sandbox.log');
    const wrapper = spawn(process.execPath, [join(__dirname, '../helpers/sandbox-wrapper.cjs'), log, '--port', '0', '--keys', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    sandboxPid = await new Promise<number>((done) => wrapper.stdout.once('data', (chunk) => done(Number(String(chunk).trim()))));
    expect(await until(() => readFileSync(log, 'utf8').includes('Ctrl-C'), 45_000)).toBe(true);
    return { wrapper, log };
  }

  it('stops and frees its port once orphaned', async () => {
    // $ npx wechatpay-ts sandbox --port 0 --keys DIR &
    const { wrapper, log } = await startUnderWrapper();
    const baseUri = readFileSync(log, 'utf8').split('\n')[0]!;
    expect((await fetch(new URL('sandbox', baseUri))).status).toBe(200);

    // $ kill $!
    const wrapperGone = new Promise((done) => wrapper.once('exit', done));
    wrapper.kill('SIGTERM');
    await wrapperGone;

    expect(await until(() => !alive(sandboxPid), 15_000)).toBe(true);
    await expect(fetch(new URL('sandbox', baseUri))).rejects.toThrow();
    expect(readFileSync(log, 'utf8')).toContain('the parent process has gone');
  }, 90_000);

  it('stops on SIGHUP (the terminal closed)', async () => {
    const { wrapper, log } = await startUnderWrapper();
    process.kill(sandboxPid, 'SIGHUP');
    expect(await until(() => !alive(sandboxPid), 15_000)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('sandbox stopped');
    wrapper.kill('SIGKILL');
  }, 90_000);
});
