/** `sandbox.json`: everything an app in any language needs to use a running sandbox; key files by absolute path. */
import { resolve } from 'node:path';
import type { SandboxKeys } from './keys';
import { keyFiles } from './keystore';
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
