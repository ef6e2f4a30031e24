/**
 * Keeps sandbox keys in a directory, so a restarted sandbox (and the apps pointed at it) keep
 * working with the same keys. File names follow what a merchant downloads from the portal;
 * the private halves WeChat Pay would never hand out are prefixed `sandbox_`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PemUtil } from '../crypto/pem-util';
import { InvalidArgumentException } from '../errors';
import type { SandboxKeys } from './keys';

export const keyFiles = {
  merchantPrivateKey: 'apiclient_key.pem',
  merchantCertificate: 'apiclient_cert.pem',
  platformCertificate: 'wechatpay_platform_cert.pem',
  publicKey: 'pub_key.pem',
  authorityCertificate: 'sandbox_ca_cert.pem',
  platformPrivateKey: 'sandbox_platform_private_key.pem',
  publicKeyPrivateKey: 'sandbox_pub_key_private_key.pem',
  secrets: 'sandbox_keys.json',
} as const;

interface SecretsFile {
  mchid: string;
  public_key_id: string;
  apiv3_key: string;
  apiv2_secret: string;
}

/** The keys saved in `dir`, or `undefined` when it holds none; half a set is an error naming the missing file. */
export function loadSandboxKeys(dir: string): SandboxKeys | undefined {
  const present = Object.values(keyFiles).filter((name) => existsSync(join(dir, name)));
  if (present.length === 0) return undefined;
  const missing = Object.values(keyFiles).filter((name) => !present.includes(name));
  if (missing.length > 0) throw new InvalidArgumentException(`The keys directory ${dir} is incomplete: ${missing.join(', ')} missing.`);

  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const secrets = JSON.parse(read(keyFiles.secrets)) as SecretsFile;
  const merchantCertificatePem = read(keyFiles.merchantCertificate);
  const platformCertificatePem = read(keyFiles.platformCertificate);
  return {
    mchid: secrets.mchid,
    merchant: {
      serial: PemUtil.parseCertificateSerialNo(merchantCertificatePem),
      privateKeyPem: read(keyFiles.merchantPrivateKey),
      certificatePem: merchantCertificatePem,
    },
    platform: {
      serial: PemUtil.parseCertificateSerialNo(platformCertificatePem),
      privateKeyPem: read(keyFiles.platformPrivateKey),
      certificatePem: platformCertificatePem,
    },
    publicKey: {
      id: secrets.public_key_id,
      privateKeyPem: read(keyFiles.publicKeyPrivateKey),
      publicKeyPem: read(keyFiles.publicKey),
    },
    authorityCertificatePem: read(keyFiles.authorityCertificate),
    apiv3Key: secrets.apiv3_key,
    apiv2Secret: secrets.apiv2_secret,
  };
}

/** Writes every file of `keys` into `dir` (created if needed); private keys are readable by the owner only. */
export function saveSandboxKeys(dir: string, keys: SandboxKeys): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string, secret = false): void =>
    writeFileSync(join(dir, name), text, { mode: secret ? 0o600 : 0o644 });
  write(keyFiles.merchantPrivateKey, keys.merchant.privateKeyPem, true);
  write(keyFiles.merchantCertificate, keys.merchant.certificatePem);
  write(keyFiles.platformCertificate, keys.platform.certificatePem);
  write(keyFiles.publicKey, keys.publicKey.publicKeyPem);
  write(keyFiles.authorityCertificate, keys.authorityCertificatePem);
  write(keyFiles.platformPrivateKey, keys.platform.privateKeyPem, true);
  write(keyFiles.publicKeyPrivateKey, keys.publicKey.privateKeyPem, true);
  const secrets: SecretsFile = {
    mchid: keys.mchid,
    public_key_id: keys.publicKey.id,
    apiv3_key: keys.apiv3Key,
    apiv2_secret: keys.apiv2Secret,
  };
  write(keyFiles.secrets, JSON.stringify(secrets, null, 2) + '\n', true);
}
