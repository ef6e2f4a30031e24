/** `sandbox.json`: everything an app in any language needs to use a running sandbox; key files by absolute path. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SandboxKeys } from './keys';
import { keyFiles, saveSandboxKeys } from './keystore';
import type { SandboxMode } from './world';

/** What `DIR/sandbox.json` holds; paths are absolute. */
export interface SandboxJson {
  base_uri: string;
  mode: 'pubkey' | 'cert';
  mchid: string;
  merchant_serial: string;
  merchant_private_key: string;
  merchant_certificate: string;
  platform_serial: string;
  platform_pem: string;
  apiv3_key: string;
  apiv2_secret: string;
}

/** `keysDir` undefined: the keys live in memory only, and the path fields say so. */
export function sandboxJsonOf(baseUri: string, mode: SandboxMode, keys: SandboxKeys, keysDir: string | undefined): SandboxJson {
  const path = (name: string): string => (keysDir === undefined ? `(in memory only: start the sandbox with a keys directory to get ${name})` : resolve(keysDir, name));
  return {
    base_uri: baseUri,
    mode,
    mchid: keys.mchid,
    merchant_serial: keys.merchant.serial,
    merchant_private_key: path(keyFiles.merchantPrivateKey),
    merchant_certificate: path(keyFiles.merchantCertificate),
    platform_serial: mode === 'pubkey' ? keys.publicKey.id : keys.platform.serial,
    platform_pem: path(mode === 'pubkey' ? keyFiles.publicKey : keyFiles.platformCertificate),
    apiv3_key: keys.apiv3Key,
    apiv2_secret: keys.apiv2Secret,
  };
}

/** The settings file's name inside the keys directory. */
export const SANDBOX_JSON = 'sandbox.json';

/** Writes `DIR/sandbox.json` (owner-only: it holds the APIv3 key and the APIv2 secret); returns its path. */
export function writeSandboxJson(dir: string, json: SandboxJson): string {
  const file = join(dir, SANDBOX_JSON);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/**
 * After a platform certificate rotation: the key files, and `sandbox.json` when the directory has one (the
 * CLI writes it), so a client configured from the directory, or a restarted sandbox, uses the new certificate.
 */
export function saveRotatedKeys(dir: string, baseUri: string, mode: SandboxMode, keys: SandboxKeys): void {
  saveSandboxKeys(dir, keys);
  if (existsSync(join(dir, SANDBOX_JSON))) writeSandboxJson(dir, sandboxJsonOf(baseUri, mode, keys, dir));
}
