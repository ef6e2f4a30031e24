/**
 * The system's Chromium (Debian's `chromium` package), driven by playwright-core; nothing is downloaded.
 * Locally the browser specs skip when it is missing; under CI (`CI=true`) they run and fail instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const describeInChromium = (): jest.Describe => (existsSync(CHROMIUM_PATH) || process.env.CI === 'true' ? describe : describe.skip);

/** How long one page action or wait may take; every step of the specs takes well under a second. */
const PAGE_WAIT_MS = 15_000;

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh profile each time; `evil.test` resolves to 127.0.0.1, which is how a DNS-rebinding page
 * reaches the sandbox under a name that is not loopback.
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'wechatpay-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1360, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
    ],
  });
  // Below jest's 30 s per test: a wait that never ends fails naming its locator, not as a bare test timeout.
  context.setDefaultTimeout(PAGE_WAIT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: `docs/screenshots/` when `UPDATE_SCREENSHOTS=1` (they are committed), else a temp dir. */
export function screenshotPath(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../docs/screenshots') : (screenshotPath.dir ??= mkdtempSync(join(tmpdir(), 'console-shots-')));
  return join(dir, `${name}.png`);
}
screenshotPath.dir = undefined as string | undefined;
