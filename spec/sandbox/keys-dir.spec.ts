/**
 * The keys directory outlives the sandbox: a platform certificate rotated while it runs is written back
 * (the key files and `sandbox.json`), so a client configured from the directory, and the sandbox started
 * again on it, carry on with the new certificate. And a sandbox bound to every interface still names
 * itself by the loopback address, the only name its console answers to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, closeSyncBridge } from '../../lib';
import { loadClientConfig } from '../../lib/cli/config-file';
import { loadSandboxKeys, Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { startSandboxProcess, tempDir } from '../helpers/files-fixtures';

const SEED = { openid: SANDBOX_SEED.authorizedOpenid, query: { appid: SANDBOX_SEED.appid, permission_type: 'INDIVIDUAL_PAYEE' as const } };
const temp = tempDir('wechatpay-keys-dir-');

afterAll(() => {
  temp.remove();
  closeSyncBridge();
});

describe('a rotation is written back to the keys directory', () => {
  it('sandbox.json and the certificate files name the new certificate; a restarted sandbox signs with it', async () => {
    const dir = join(temp.dir, 'cli');
    const settings = join(dir, 'sandbox.json');
    let server = await startSandboxProcess(dir, 'cert');
    try {
      const before = JSON.parse(readFileSync(settings, 'utf8')) as { platform_serial: string };
      const rotated = await fetch(new URL('sandbox/certificates/rotate', server.baseUri), { method: 'POST' });
      expect(rotated.status).toBe(200);
      const { platform_serial: serial } = (await rotated.json()) as { platform_serial: string };
      expect(serial).not.toBe(before.platform_serial);

      expect(JSON.parse(readFileSync(settings, 'utf8'))).toMatchObject({ platform_serial: serial });
      expect(loadSandboxKeys(dir)?.platform.serial).toBe(serial);
      const answer = await Builder.factory(loadClientConfig(settings)).v3.ecommerce.individualContracts._openid_.getAsync(SEED);
      expect(answer.getHeaderLine('Wechatpay-Serial')).toBe(serial);

      await server.stop();
      server = await startSandboxProcess(dir, 'cert');
      expect(JSON.parse(readFileSync(settings, 'utf8'))).toMatchObject({ platform_serial: serial });
      const again = Builder.factory(loadClientConfig(settings)).v3.ecommerce.individualContracts._openid_.get(SEED);
      expect(again.getHeaderLine('Wechatpay-Serial')).toBe(serial);
      expect(again.json<{ auth_state: string }>().auth_state).toBe('AUTHORIZED');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('keys handed in as objects are never written anywhere', async () => {
    const dir = join(temp.dir, 'given');
    const keysOwner = await Sandbox.start({ mode: 'cert', keysDir: dir, thread: 'main' });
    const keys = keysOwner.keys;
    await keysOwner.stop();
    const sandbox = await Sandbox.start({ mode: 'cert', keys, keysDir: dir, thread: 'main' });
    try {
      const next = sandbox.rotatePlatformCertificate();
      expect(sandbox.platformSerial).toBe(next.serial);
      expect(loadSandboxKeys(dir)?.platform.serial).toBe(keys.platform.serial);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});

describe('a sandbox bound to every interface', () => {
  it('names itself by 127.0.0.1, and its console answers there', async () => {
    const sandbox = await Sandbox.start({ host: '0.0.0.0', thread: 'main' });
    try {
      expect(new URL(sandbox.baseUri).hostname).toBe('127.0.0.1');
      expect(new URL(sandbox.consoleUrl).hostname).toBe('127.0.0.1');
      const page = await fetch(sandbox.consoleUrl);
      expect(page.status).toBe(200);
      const answer = await Builder.factory(sandbox.clientConfig()).v3.ecommerce.individualContracts._openid_.getAsync(SEED);
      expect(answer.getStatusCode()).toBe(200);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
