/**
 * What the console's browser specs start from: a sandbox (notification retries compressed ×0.01), the
 * system's Chromium with one page open, and an SDK client of that sandbox.
 */
import type { Page } from 'playwright-core';
import { Builder, type BuilderChainable } from '../../lib';
import { Sandbox, type SandboxOptions } from '../../lib/sandbox';
import { launchChromium, type Chromium } from './chromium';
import { sandboxKeys } from './sandbox-keys';

export interface ConsoleSession {
  readonly sandbox: Sandbox;
  readonly browser: Chromium;
  readonly page: Page;
  readonly instance: BuilderChainable;
  close(): Promise<void>;
}

export async function openConsoleSession(options: Omit<SandboxOptions, 'keys'> = {}): Promise<ConsoleSession> {
  const sandbox = await Sandbox.start({ keys: await sandboxKeys(), notifyTimeScale: 0.01, ...options });
  let browser: Chromium;
  try {
    browser = await launchChromium();
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const instance = Builder.factory(sandbox.clientConfig());
  const page = await browser.context.newPage();
  return {
    sandbox,
    browser,
    page,
    instance,
    close: async () => {
      await instance.getDriver().close();
      await browser.close();
      await sandbox.stop();
    },
  };
}
