/** The Sandbox class itself: option checks, the worker thread, keys directories, clientConfig. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentException } from '../../lib/errors';
import { Sandbox, keyFiles } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { send } from '../helpers/sandbox-wire';

describe('Sandbox', () => {
  it.each([
    [{ mode: 'both' }, /mode must be 'pubkey' or 'cert'/],
    [{ unknownOpenid: 'maybe' }, /unknownOpenid must be/],
    [{ port: 70000 }, /port must be an integer/],
    [{ thread: 'fiber' }, /thread must be 'worker' or 'main'/],
    [{ thread: 'worker', now: Date.now }, /cannot cross to a worker thread/],
  ])('refuses %j before starting anything', async (options, message) => {
    const started = Sandbox.start({ keys: await sandboxKeys(), ...(options as object) });
    await expect(started).rejects.toThrow(InvalidArgumentException);
    await expect(started).rejects.toThrow(message);
  });

  it('hands out exactly what Builder.factory needs, in either mode', async () => {
    const keys = await sandboxKeys();
    const [pubkey, cert] = await Promise.all([Sandbox.start({ keys, thread: 'main' }), Sandbox.start({ keys, mode: 'cert', thread: 'main' })]);
    try {
      expect(pubkey.clientConfig()).toEqual({
        mchid: keys.mchid,
        serial: keys.merchant.serial,
        privateKey: keys.merchant.privateKeyPem,
        certs: { [keys.publicKey.id]: keys.publicKey.publicKeyPem },
        secret: keys.apiv2Secret,
        base_uri: pubkey.baseUri,
      });
      expect(cert.clientConfig().certs).toEqual({ [keys.platform.serial]: keys.platform.certificatePem });
      expect(pubkey.baseUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(pubkey.apiv3Key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(pubkey.merchantCertificatePem).toBe(keys.merchant.certificatePem);
    } finally {
      await Promise.all([pubkey.stop(), cert.stop()]);
    }
  });

  it('keeps answering from its worker thread while this thread is blocked', async () => {
    const sandbox = await Sandbox.start({ keys: await sandboxKeys() });
    try {
      const script = `fetch(process.argv[1] + 'sandbox').then(async (r) => console.log(r.status, (await r.json()).mode))`;
      // execFileSync blocks this thread until the child is done: only a server on another thread can answer it.
      expect(execFileSync(process.execPath, ['-e', script, sandbox.baseUri], { encoding: 'utf8', timeout: 20_000 }).trim()).toBe('200 pubkey');

      // The hooks are synchronous across the thread, errors included.
      expect(sandbox.signContract('oWorkerThreadWorkerThreadWor').auth_state).toBe('AUTHORIZED');
      expect(() => sandbox.markPaid('NO_SUCH_ORDER')).toThrow(InvalidArgumentException);
      expect(() => sandbox.markPaid('NO_SUCH_ORDER')).toThrow('No order with out_trade_no NO_SUCH_ORDER.');
      const status = await send(sandbox.clientConfig(), 'GET', '/v3/ecommerce/individual-contracts/oWorkerThreadWorkerThreadWor?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE');
      expect(status.json.auth_state).toBe('AUTHORIZED');
    } finally {
      await sandbox.stop();
    }
    await expect(fetch(new URL('sandbox', sandbox.baseUri))).rejects.toThrow();
  });

  it('saves generated keys into keysDir and loads them from there next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-keys-'));
    try {
      const first = await Sandbox.start({ keysDir: dir, thread: 'main' });
      await first.stop();
      expect(readdirSync(dir).sort()).toEqual(Object.values(keyFiles).sort());
      const second = await Sandbox.start({ keysDir: dir, thread: 'main', mode: 'cert' });
      await second.stop();
      expect(second.keys).toEqual(first.keys);
      rmSync(join(dir, keyFiles.publicKey));
      await expect(Sandbox.start({ keysDir: dir })).rejects.toThrow(`${keyFiles.publicKey} missing`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
