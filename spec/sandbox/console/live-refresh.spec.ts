/**
 * The console redraws a tab whenever the sandbox reports a change (every API call changes the orders tab,
 * every notification attempt the notifications tab). A redraw keeps what the user opened or typed: a
 * decoded notification stays decoded, an openid typed on an order card stays typed and is the one paid
 * with. Each test makes the redraw happen for certain (it waits for what only a redraw shows) before it
 * looks, so none depends on when the page's refresh runs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { BuilderChainable } from '../../../lib';
import type { Sandbox } from '../../../lib/sandbox';
import { describeInChromium, type Chromium } from '../../helpers/chromium';
import { openConsoleSession, type ConsoleSession } from '../../helpers/console-session';

const APPID = 'wxd678efh567h23787';
const PAYER = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

describeInChromium()('the sandbox console keeps what the user opened or typed across live redraws', () => {
  let session: ConsoleSession;
  let sandbox: Sandbox;
  let browser: Chromium;
  let page: Page;
  let instance: BuilderChainable;
  let merchant: Server;
  let notifyUrl: string;
  let serial = 0;

  beforeAll(async () => {
    session = await openConsoleSession();
    ({ sandbox, browser, page, instance } = session);
    // A merchant server that accepts every notification (the SDK's own verification is browser.spec's subject).
    merchant = createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    notifyUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/notify`;
  }, 120_000);
  afterAll(async () => {
    merchant?.close();
    await session?.close();
  });

  const placeNative = async (): Promise<string> => {
    const no = `LR${Date.now()}${serial++}`;
    await instance.v3.pay.transactions.native.postAsync({
      json: { appid: APPID, mchid: sandbox.mchid, description: 'live refresh', out_trade_no: no, notify_url: notifyUrl, amount: { total: 100 } },
    });
    return no;
  };
  const notificationCard = (no: string) => page.locator('.notification', { hasText: no });

  it('a decoded notification stays decoded when another notification redraws the list', async () => {
    const first = await placeNative();
    sandbox.markPaid(first);
    await page.goto(`${sandbox.consoleUrl}#notifications`);
    await notificationCard(first).locator('.badge.delivered').waitFor();
    await notificationCard(first).locator('button.decode').click();
    await notificationCard(first).locator('.decoded pre').waitFor();

    // Another notification: the list is drawn again, and its card shows only once that has happened.
    const second = await placeNative();
    sandbox.markPaid(second);
    await notificationCard(second).locator('.badge.delivered').waitFor();

    await expect(notificationCard(first).locator('.decoded pre').count()).resolves.toBe(1);
    expect(JSON.parse((await notificationCard(first).locator('.decoded pre').textContent())!)).toMatchObject({ out_trade_no: first, trade_state: 'SUCCESS' });
  });

  it('an openid typed on an order card survives a redraw of the orders tab, and is the one paid with', async () => {
    const typed = await placeNative();
    await page.goto(`${sandbox.consoleUrl}#orders`);
    const card = page.locator(`.order[data-out-trade-no="${typed}"]`);
    await card.locator('input[aria-label=openid]').fill(PAYER);

    // Another order (an API call): the tab is drawn again, and the new card shows only once that has happened.
    const other = await placeNative();
    await page.locator(`.order[data-out-trade-no="${other}"]`).waitFor();

    await expect(card.locator('input[aria-label=openid]').inputValue()).resolves.toBe(PAYER);
    await card.locator('button.pay-as').click();
    await card.locator('.card-head .badge.valid').waitFor();
    const order = await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: typed, query: { mchid: sandbox.mchid } });
    expect(order.json()).toMatchObject({ trade_state: 'SUCCESS', payer: { openid: PAYER } });
  });

  it('an older answer that arrives after a newer one is not drawn over it', async () => {
    const viewer = await browser.context.newPage();
    try {
      // No live events: the tab loads only when shown, so the test alone decides when each load starts.
      await viewer.route('**/sandbox/console/events?*', (route) => route.abort());
      // Counts the console API's answers by path, in a task queued once the code awaiting the answer has drawn it.
      await viewer.addInitScript(`{
        const json = Response.prototype.json;
        window.answered = {};
        Response.prototype.json = async function () {
          const value = await json.call(this);
          const path = new URL(this.url).pathname;
          setTimeout(() => (window.answered[path] = (window.answered[path] || 0) + 1));
          return value;
        };
      }`);
      let fetched!: () => void;
      const firstFetched = new Promise<void>((resolve) => (fetched = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let loads = 0;
      await viewer.route('**/sandbox/console/api/notifications', async (route) => {
        if (++loads > 1) return route.continue();
        const older = await route.fetch(); // the list as it is now
        fetched();
        await released;
        await route.fulfill({ response: older });
      });

      const first = await placeNative();
      sandbox.markPaid(first);
      await viewer.goto(`${sandbox.consoleUrl}#keys`);
      await viewer.evaluate("location.hash = '#notifications'");
      await firstFetched;
      const second = await placeNative();
      sandbox.markPaid(second);
      await viewer.evaluate("location.hash = '#keys'");
      await viewer.evaluate("location.hash = '#notifications'");
      const card = viewer.locator('.notification', { hasText: second });
      await card.waitFor();

      release();
      // Polled from here: the console's CSP admits no predicate that the page would evaluate itself.
      const answered = () => viewer.evaluate<number>("window.answered['/sandbox/console/api/notifications'] || 0");
      for (let waited = 0; (await answered()) < 2; waited += 20) {
        if (waited > 10_000) throw new Error('the older answer never reached the page');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await expect(card.count()).resolves.toBe(1);
    } finally {
      await viewer.close();
    }
  });
});
