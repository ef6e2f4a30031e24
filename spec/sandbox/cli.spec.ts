/** `wechatpay-ts sandbox`: sandbox.json that another process can use, key reuse, bad options, SIGTERM. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSandboxCommand, type SandboxJson } from '../../lib/sandbox/cli';
import { saveSandboxKeys } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { startSandboxProcess } from '../helpers/sandbox-process';

/** A client in plain JavaScript, in a fresh process, knowing nothing but sandbox.json. */
const FOREIGN_CLIENT = `
const { readFileSync } = require('node:fs');
const crypto = require('node:crypto');
const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const target = '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE';
const ts = Math.floor(Date.now() / 1000), nonce = crypto.randomBytes(16).toString('hex');
const key = readFileSync(settings.merchant_private_key, 'utf8');
const signature = crypto.createSign('RSA-SHA256').update('GET\\n' + target + '\\n' + ts + '\\n' + nonce + '\\n\\n').sign(key, 'base64');
fetch(settings.base_uri + target.slice(1), { headers: { Accept: 'application/json', 'User-Agent': 'foreign/1',
  Authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="' + settings.mchid + '",nonce_str="' + nonce + '",timestamp="' + ts +
    '",serial_no="' + settings.merchant_serial + '",signature="' + signature + '"' } })
  .then(async (res) => {
    const body = Buffer.from(await res.arrayBuffer());
    const h = (n) => res.headers.get(n);
    const ok = crypto.createVerify('RSA-SHA256').update(Buffer.concat([Buffer.from(h('wechatpay-timestamp') + '\\n' + h('wechatpay-nonce') + '\\n'), body, Buffer.from('\\n')]))
      .verify(readFileSync(settings.platform_pem, 'utf8'), h('wechatpay-signature'), 'base64');
    console.log(JSON.stringify({ status: res.status, verified: ok && h('wechatpay-serial') === settings.platform_serial, body: JSON.parse(body) }));
  });
`;

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('runSandboxCommand', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function startInProcess(args: string[]) {
    const lines: string[] = [];
    const stop = new AbortController();
    const exit = runSandboxCommand(args, { stdout: (line) => lines.push(line), stderr: (line) => lines.push(line), signal: stop.signal, handleSignals: false });
    while (!lines.some((line) => line.includes('sandbox.json'))) {
      if (await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))])) break;
    }
    return { lines, stop: async () => (stop.abort(), exit) };
  }

  it.each(['pubkey', 'cert'] as const)('writes a %s-mode sandbox.json that a plain-JavaScript client in a fresh process can use', async (mode) => {
    saveSandboxKeys(dir, await sandboxKeys()); // pre-made keys: the command reuses them
    const running = await startInProcess(['--port', '0', '--mode', mode, '--keys', dir]);
    try {
      const settings = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as SandboxJson;
      expect(running.lines[0]).toBe(settings.base_uri);
      expect(running.lines[1]).toBe(`console: ${settings.base_uri}sandbox/console`);
      expect(settings).toEqual({
        base_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
        mode,
        mchid: '1900009191',
        merchant_serial: (await sandboxKeys()).merchant.serial,
        merchant_private_key: resolve(dir, 'apiclient_key.pem'),
        merchant_certificate: resolve(dir, 'apiclient_cert.pem'),
        platform_serial: mode === 'pubkey' ? (await sandboxKeys()).publicKey.id : (await sandboxKeys()).platform.serial,
        platform_pem: resolve(dir, mode === 'pubkey' ? 'pub_key.pem' : 'wechatpay_platform_cert.pem'),
        apiv3_key: (await sandboxKeys()).apiv3Key,
        apiv2_secret: (await sandboxKeys()).apiv2Secret,
      });
      expect(statSync(join(dir, 'sandbox.json')).mode & 0o077).toBe(0);

      const script = join(dir, 'client.js');
      writeFileSync(script, FOREIGN_CLIENT);
      const client = await run(process.execPath, [script, join(dir, 'sandbox.json')]);
      expect(client.stderr).toBe('');
      expect(JSON.parse(client.stdout)).toEqual({
        status: 200,
        verified: true,
        body: { individual_auth_id: '1900000109', operation_time: '2018-06-08T10:34:56+08:00', auth_state: 'AUTHORIZED' },
      });
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('generates keys into an empty directory and reuses them on the next start', async () => {
    const first = await startInProcess(['--port=0', '--keys', dir]);
    const serial = (JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as SandboxJson).merchant_serial;
    await first.stop();
    expect(serial).toMatch(/^[0-9A-F]{40}$/);
    expect(statSync(join(dir, 'apiclient_key.pem')).mode & 0o077).toBe(0);

    const second = await startInProcess(['--port', '0', '--keys', dir]);
    expect((JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as SandboxJson).merchant_serial).toBe(serial);
    await second.stop();
  });

  it.each([
    [['--mode', 'both'], /--mode must be pubkey or cert, got 'both'/],
    [['--port', 'eighty'], /--port must be a number/],
    [['--port'], /--port needs a value/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--unknown-openid', 'maybe'], /--unknown-openid must be/],
  ])('refuses %j with one line and a non-zero exit', async (args, message) => {
    const errors: string[] = [];
    const code = await runSandboxCommand(args, { stdout: () => undefined, stderr: (line) => errors.push(line), handleSignals: false });
    expect(code).not.toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).not.toContain('\n');
  });

  it('reports a port in use as a one-line start failure', async () => {
    saveSandboxKeys(dir, await sandboxKeys());
    const running = await startInProcess(['--port', '0', '--keys', dir]);
    const port = new URL(running.lines[0]!).port;
    const errors: string[] = [];
    const code = await runSandboxCommand(['--port', port, '--keys', dir], { stdout: () => undefined, stderr: (line) => errors.push(line), handleSignals: false });
    await running.stop();
    expect(code).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^wechatpay-ts sandbox: cannot start: .*EADDRINUSE/)]);
  });

  it('stops cleanly on SIGTERM when run as its own process', async () => {
    const child = await startSandboxProcess(dir);
    expect((await fetch(new URL('sandbox', child.baseUri))).status).toBe(200);
    const exit = child.exit;
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(child.stdout()).toContain('sandbox stopped');
  }, 60_000);
});
