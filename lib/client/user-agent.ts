/** `wechatpay-ts/0.1.0 undici/7.30.2 Node/v20.20.2 (linux; x64)`: WeChat Pay requires a User-Agent. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

export function userAgent(): string {
  return (cached ??= `wechatpay-ts/${packageVersion('..', '..')} undici/${undiciVersion()} Node/${process.version} (${process.platform}; ${process.arch})`);
}

function packageVersion(...up: string[]): string {
  // lib/client → the package root, from the source tree and from dist/cjs/client alike.
  for (const levels of [up, [...up, '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...levels, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wechatpay-ts' && pkg.version) return pkg.version;
    } catch {
      // try the next level
    }
  }
  return '0.0.0';
}

function undiciVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('undici/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
