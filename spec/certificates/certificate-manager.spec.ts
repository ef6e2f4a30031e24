/**
 * The certificate manager against the sandbox over real HTTP: download and verify at start, rotation picked
 * up without restart, the last good set kept when a refresh fails, two merchants side by side, public-key-only
 * merchants, and a shared file store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, ConnectException, InvalidArgumentException, RequestException, VerificationFailure, closeSyncBridge, type BuilderChainable } from '../../lib';
import { CertificateManager, CERTIFICATES_UNREADABLE, type CertificateManagerOptions } from '../../lib/certificates';
import { generateSandboxKeys, Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { FileStore, type KeyValueStore } from '../../lib/stores';
import { request } from 'undici';

const managers: CertificateManager[] = [];
const sandboxes: Sandbox[] = [];

afterAll(async () => {
  await Promise.all(managers.map((m) => m.close()));
  await Promise.all(sandboxes.map((s) => s.stop()));
  closeSyncBridge();
});

async function sandbox(mode: 'cert' | 'pubkey' = 'cert'): Promise<Sandbox> {
  const started = await Sandbox.start({ mode, keys: await generateSandboxKeys() });
  sandboxes.push(started);
  return started;
}

function managerOptions(box: Sandbox, extra: Partial<CertificateManagerOptions> = {}): CertificateManagerOptions {
  return { mchid: box.mchid, serial: box.merchantSerial, privateKey: box.merchantPrivateKeyPem, apiv3Key: box.apiv3Key, base_uri: box.baseUri, ...extra };
}

async function manage(box: Sandbox, extra: Partial<CertificateManagerOptions> = {}): Promise<CertificateManager> {
  const manager = await CertificateManager.create(managerOptions(box, extra));
  managers.push(manager);
  return manager;
}

function client(box: Sandbox, certs: CertificateManager): BuilderChainable {
  return Builder.factory({ mchid: box.mchid, serial: box.merchantSerial, privateKey: box.merchantPrivateKeyPem, base_uri: box.baseUri, certs });
}

/** A signed 200 whose signature the client verifies: the certificate list itself. */
const signedCall = {
  promise: (instance: BuilderChainable) => instance.v3.certificates.getAsync(),
  sync: async (instance: BuilderChainable) => instance.v3.certificates.get(),
};

/** In public-key mode there is no certificate list: a contract query (the seed's authorized openid) is signed instead. */
const contract = { openid: SANDBOX_SEED.authorizedOpenid, query: { appid: SANDBOX_SEED.appid, permission_type: 'INDIVIDUAL_PAYEE' } };

describe('a merchant in certificate mode', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox('cert');
  });

  it('downloads at start, verifies the download with what it decrypted, and serves both verb kinds', async () => {
    const manager = await manage(box);
    expect(manager.serials()).toEqual([box.platformSerial]);
    expect(manager.downloads).toBe(1);
    expect(manager.get(box.platformSerial)?.asymmetricKeyType).toBe('rsa');
    const instance = client(box, manager);
    expect((await signedCall.promise(instance)).status).toBe(200);
    expect((await signedCall.sync(instance)).status).toBe(200);
  });

  it('a wrong APIv3 key is named as the cause, not reported as a bare "tag mismatch"', async () => {
    const error = await CertificateManager.create(managerOptions(box, { apiv3Key: 'x'.repeat(32) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestException);
    expect((error as RequestException).code).toBe(CERTIFICATES_UNREADABLE);
    expect((error as Error).message).toContain('check `apiv3Key`');
    expect((error as Error).message).not.toContain('x'.repeat(32));
  });

  it('rejects an APIv3 key of the wrong length before sending anything', async () => {
    await expect(CertificateManager.create(managerOptions(box, { apiv3Key: 'short' }))).rejects.toBeInstanceOf(InvalidArgumentException);
  });

  it('a failed refresh keeps the last good set: a tampered download, then an unreachable host', async () => {
    const manager = await manage(box);
    const instance = client(box, manager);
    box.tamperNextResponse();
    const tampered = await manager.refreshNow().catch((e: unknown) => e);
    expect(tampered).toBeInstanceOf(RequestException);
    // The flipped byte breaks the ciphertext or the signature: either way the download is refused.
    expect([CERTIFICATES_UNREADABLE, VerificationFailure.SIGNATURE_MISMATCH]).toContain((tampered as RequestException).code);
    expect(manager.lastError).toBe(tampered);
    expect(manager.serials()).toEqual([box.platformSerial]);
    expect((await signedCall.promise(instance)).status).toBe(200);

    const gone = await sandbox('cert');
    const orphan = await manage(gone);
    await gone.stop();
    sandboxes.splice(sandboxes.indexOf(gone), 1);
    const unreachable = await orphan.refreshNow().catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(ConnectException);
    expect(orphan.get(gone.platformSerial)).toBeDefined();
  });
});

describe('rotation in the sandbox', () => {
  it('a new serial that starts signing is picked up without restart, under both verb kinds', async () => {
    const box = await sandbox('cert');
    const manager = await manage(box, { retryAfterMs: 20 });
    const instance = client(box, manager);
    const first = box.platformSerial;
    expect((await signedCall.promise(instance)).getHeaderLine('Wechatpay-Serial')).toBe(first);

    const second = box.rotatePlatformCertificate().serial;
    expect(second).not.toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 30)); // past retryAfterMs since the last download
    const response = await signedCall.promise(instance);
    expect(response.getHeaderLine('Wechatpay-Serial')).toBe(second);
    expect(manager.serials().sort()).toEqual([first, second].sort());
    expect(manager.downloads).toBe(2);

    const third = box.rotatePlatformCertificate().serial;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The blocked thread fetches with the synchronous verb, inside the same call.
    expect(instance.v3.certificates.get().getHeaderLine('Wechatpay-Serial')).toBe(third);
    expect(manager.downloads).toBe(3);
    expect(manager.serials()).toHaveLength(3);
  });

  it('an unknown serial is fetched at most once per retryAfterMs: a forged serial cannot make it download on every call', async () => {
    const box = await sandbox('cert');
    const manager = await manage(box, { retryAfterMs: 60_000 });
    const instance = client(box, manager);
    box.rotatePlatformCertificate();
    for (const call of [signedCall.promise, signedCall.sync, signedCall.promise]) {
      const error = await call(instance).catch((e: unknown) => e);
      expect((error as RequestException).code).toBe(VerificationFailure.UNKNOWN_SERIAL);
    }
    expect(manager.downloads).toBe(1);
  });
});

describe('the rotation hook', () => {
  it('is also an HTTP hook, and refuses in public-key mode', async () => {
    const box = await sandbox('cert');
    const before = box.platformSerial;
    const answer = await request(`${box.baseUri}sandbox/certificates/rotate`, { method: 'POST' });
    const { platform_serial } = (await answer.body.json()) as { platform_serial: string };
    expect(platform_serial).toMatch(/^[0-9A-F]{40}$/);
    expect(platform_serial).not.toBe(before);
    // The handle follows a rotation made through the hook too.
    expect(box.platformSerial).toBe(platform_serial);
    const listed = (await manage(box)).serials();
    expect(listed).toContain(platform_serial);
    expect(listed).toHaveLength(2);
    const pubkey = await sandbox('pubkey');
    expect(() => pubkey.rotatePlatformCertificate()).toThrow(/cert mode/);
  });
});

describe('several merchants in one process', () => {
  it('each has its own certificates; neither trusts the other', async () => {
    const [a, b] = await Promise.all([sandbox('cert'), sandbox('cert')]);
    const [ma, mb] = await Promise.all([manage(a), manage(b)]);
    expect(ma.serials()).toEqual([a.platformSerial]);
    expect(mb.serials()).toEqual([b.platformSerial]);
    expect(ma.get(b.platformSerial)).toBeUndefined();
    const [ra, rb] = await Promise.all([signedCall.promise(client(a, ma)), signedCall.promise(client(b, mb))]);
    expect([ra.getHeaderLine('Wechatpay-Serial'), rb.getHeaderLine('Wechatpay-Serial')]).toEqual([a.platformSerial, b.platformSerial]);
    // A's client pointed at B's host meets a serial A's manager cannot get: rejected.
    const crossed = Builder.factory({ mchid: b.mchid, serial: b.merchantSerial, privateKey: b.merchantPrivateKeyPem, base_uri: b.baseUri, certs: ma });
    const error = await signedCall.promise(crossed).catch((e: unknown) => e);
    expect((error as RequestException).code).toBe(VerificationFailure.UNKNOWN_SERIAL);
  });
});

describe('a merchant in public-key mode', () => {
  it('starts without error (404 RESOURCE_NOT_EXISTS) and verifies with its fixed PUB_KEY_ID key', async () => {
    const box = await sandbox('pubkey');
    const manager = await manage(box, { fixed: { [box.platformSerial]: box.platformPem } });
    expect(manager.publicKeyOnly).toBe(true);
    expect(manager.serials()).toEqual([box.platformSerial]);
    const node = client(box, manager).v3.ecommerce.individualContracts._openid_;
    expect((await node.getAsync(contract)).getHeaderLine('Wechatpay-Serial')).toBe(box.platformSerial);
    expect(node.get(contract).status).toBe(200);
  });

  it('without a fixed key it says what to give', async () => {
    const box = await sandbox('pubkey');
    await expect(CertificateManager.create(managerOptions(box))).rejects.toThrow(/\(public-key mode\): give the WeChat Pay public key as `fixed/);
  });
});

describe('a shared file store', () => {
  it('lets a second process (manager) start from the first one\'s download', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wechatpay-certs-'));
    try {
      const box = await sandbox('cert');
      const first = await manage(box, { store: new FileStore({ dir }) });
      const second = await manage(box, { store: new FileStore({ dir }) });
      expect(first.downloads).toBe(1);
      expect(second.downloads).toBe(0);
      expect(second.serials()).toEqual([box.platformSerial]);
      expect(second.fetchedAt).toBe(first.fetchedAt);
      expect((await signedCall.sync(client(box, second))).status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a store that fails', () => {
  it('costs the sharing, never the certificates: the manager downloads and reports the store errors', async () => {
    const box = await sandbox('cert');
    const broken: KeyValueStore = {
      get: async () => {
        throw new Error('store down (get)');
      },
      set: async () => {
        throw new Error('store down (set)');
      },
      delete: async () => undefined,
    };
    const reported: string[] = [];
    const manager = await manage(box, { store: broken, onRefreshError: (error) => reported.push((error as Error).message) });
    expect(manager.serials()).toEqual([box.platformSerial]);
    expect(reported).toEqual(['store down (get)', 'store down (set)']);
  });
});

describe('the schedule', () => {
  it('a set older than refreshIntervalMs is refreshed on the next use; expired certificates are dropped', async () => {
    const box = await sandbox('cert');
    let clock = Date.now();
    const manager = await manage(box, { now: () => clock, refreshIntervalMs: 3_600_000 });
    expect(manager.downloads).toBe(1);
    clock += 3_600_001;
    expect(manager.get(box.platformSerial)).toBeDefined(); // still served while the refresh runs
    await manager.refresh();
    expect(manager.downloads).toBe(2);
    clock += 10 * 365 * 86_400_000; // beyond the certificate's validity
    expect(manager.get(box.platformSerial)).toBeUndefined();
  });
});
