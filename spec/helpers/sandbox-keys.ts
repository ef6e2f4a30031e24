/** One set of sandbox keys per test file (jest isolates modules per file), generated on first use. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { generateSandboxKeys, type SandboxKeys } from '../../lib/sandbox';
import { issueCertificate } from '../../lib/crypto/x509';
import { PemUtil } from '../../lib/crypto/pem-util';

let keys: Promise<SandboxKeys> | undefined;

export function sandboxKeys(): Promise<SandboxKeys> {
  keys ??= generateSandboxKeys();
  return keys;
}

/** The Go SDK's published test key (docs/protocol.md §12 V1/V9), as PKCS#8 PEM. */
export function goTestKeyPem(): string {
  const text = readFileSync(join(__dirname, '../fixtures/wechatpay-go-test-key.pem'), 'utf8').replace(/TESTING KEY/g, 'PRIVATE KEY');
  return text.slice(text.indexOf('-----BEGIN'));
}

/** Sandbox keys whose merchant key is the Go SDK's test key, so published request signatures verify. */
export async function keysWithGoTestMerchant(mchid: string): Promise<SandboxKeys> {
  const base = await sandboxKeys();
  const privateKeyPem = goTestKeyPem();
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const certificatePem = issueCertificate({
    subject: { CN: mchid },
    publicKeyPem,
    selfSigningKeyPem: privateKeyPem,
  });
  return { ...base, mchid, merchant: { serial: PemUtil.parseCertificateSerialNo(certificatePem), privateKeyPem, certificatePem } };
}
