/**
 * `--config FILE`: the JSON object `Builder.factory` takes (keys as PEM text or `file://` paths), or the
 * `sandbox.json` that `wechatpay-ts sandbox` writes, so a call against the sandbox needs no extra file.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ClientConfig } from '../client/config';
import type { SandboxJson } from '../sandbox/cli';
import { UsageError } from './args';

export function loadClientConfig(file: string): ClientConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the config file ${file} must hold a JSON object (what Builder.factory takes)`);
  }
  return isSandboxJson(parsed) ? fromSandboxJson(parsed) : (parsed as ClientConfig);
}

function isSandboxJson(value: object): value is SandboxJson {
  const fields = value as Partial<SandboxJson>;
  return typeof fields.merchant_private_key === 'string' && typeof fields.platform_pem === 'string' && typeof fields.base_uri === 'string';
}

function fromSandboxJson(sandbox: SandboxJson): ClientConfig {
  const file = (path: string): string => pathToFileURL(path).href;
  return {
    mchid: sandbox.mchid,
    serial: sandbox.merchant_serial,
    privateKey: file(sandbox.merchant_private_key),
    certs: { [sandbox.platform_serial]: file(sandbox.platform_pem) },
    secret: sandbox.apiv2_secret,
    base_uri: sandbox.base_uri,
  };
}
