/** What the throughput, profile and cold-start benches share: keys on disk, the cheap server, the seed call. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startProcess } from './stats';

export const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;
export const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000BENCH';
export const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000000';
export const MCHID = '1900000109';

export interface BenchWorld {
  readonly dir: string;
  readonly merchantKey: string;
  readonly platformPublicKey: string;
  readonly merchantKeyFile: string;
  readonly platformPublicKeyFile: string;
  readonly base: string;
  /** The seed endpoint's full URL, query included. */
  readonly target: string;
  readonly server: ChildProcess;
}

const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/** Fresh merchant and platform keys in a temporary folder, and the bench server (another process) signing with the platform key. */
export async function startWorld(): Promise<BenchWorld> {
  const merchant = pem();
  const platform = pem();
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-bench-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const platformKeyFile = file('platform.key', platform.privateKey);
  const merchantKeyFile = file('merchant.key', merchant.privateKey);
  const platformPublicKeyFile = file('platform.pub', platform.publicKey);
  const { port, child } = await startProcess(join(__dirname, 'bench-server.cjs'), [platformKeyFile, PLATFORM_SERIAL]);
  const base = `http://127.0.0.1:${port}/`;
  const target = `${base}v3/ecommerce/individual-contracts/${SEED.openid}?appid=${SEED.query.appid}&permission_type=${SEED.query.permission_type}`;
  return { dir, merchantKey: merchant.privateKey, platformPublicKey: platform.publicKey, merchantKeyFile, platformPublicKeyFile, base, target, server: child };
}

/** The client config a user writes, on the bench server. */
export function clientConfig(world: BenchWorld) {
  return { mchid: MCHID, serial: MERCHANT_SERIAL, privateKey: world.merchantKey, certs: { [PLATFORM_SERIAL]: world.platformPublicKey }, base_uri: world.base };
}
