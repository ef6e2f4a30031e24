/**
 * The package as users run it: the built main entry (dist/cjs/index.js, one bundled file), not lib/ through
 * tsx. tsx compiles with esbuild's keepNames, which wraps every closure the hot path creates in a
 * defineProperty call, and that alone cost the promise verbs more per request than all of our own code.
 * The peer and the bare baseline are plain JavaScript too. Rebuilt first when missing or older than lib/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
export const BUILT_ENTRY = join(ROOT, 'dist/cjs/index.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `require('wechatpay-ts')` as a user's process sees it; builds dist/ first when lib/ is newer. */
export function loadBuilt(): typeof import('../../lib') {
  if (!existsSync(BUILT_ENTRY) || statSync(BUILT_ENTRY).mtimeMs < newestSource(join(ROOT, 'lib'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(BUILT_ENTRY) as typeof import('../../lib');
}
