/**
 * The console in a real browser (the system's Chromium): an order placed with the SDK appears live,
 * is paid from the simulated cashier, and its notification reaches a local merchant server that
 * verifies it; an H5 order is paid at its own h5_url; a combine order is paid from its card, every
 * sub-order with it; a badly signed request gets the doctor's diagnosis; the platform certificate
 * rotates, and a client built from `clientConfig()` afterwards verifies the new replies; a request
 * without the token, from another origin or under another Host changes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Builder, type BuilderChainable } from '../../../lib';
import { Notification } from '../../../lib/notify';
import { SANDBOX_SEED, type Sandbox } from '../../../lib/sandbox';
import { describeInChromium, screenshotPath, type Chromium } from '../../helpers/chromium';
import { openConsoleSession, type ConsoleSession } from '../../helpers/console-session';
import { send } from '../../helpers/sandbox-wire';

const APPID = 'wxd678efh567h23787';

/** Runs in the page (as source text: this file has no DOM types): draws the SVG on a canvas, reads it with jsQR. */
const DECODE_QR = `(async () => {
  const svg = document.querySelector('svg');
  const image = new Image();
  image.src = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg));
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 400;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, 400, 400);
  context.drawImage(image, 0, 0, 400, 400);
  const found = window.jsQR(context.getImageData(0, 0, 400, 400).data, 400, 400);
  return found && found.data;
})()`;
const PAYER = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/** A merchant server: refuses the first notification (busy), then verifies and accepts with the SDK. */
async function merchantServer(sandbox: Sandbox): Promise<{ url: string; accepted: string[]; server: Server }> {
  const accepted: string[] = [];
  let seen = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (seen++ === 0) return void response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"code":"FAIL","message":"库存系统繁忙"}');
      const parsed = Notification.parse(
        { headers: request.headers, body: Buffer.concat(chunks) },
        { certs: { [sandbox.platformSerial]: sandbox.platformPem }, apiv3Key: sandbox.apiv3Key },
      );
      const resource = parsed.resource as { out_trade_no?: string; combine_out_trade_no?: string };
      accepted.push(String(resource.out_trade_no ?? resource.combine_out_trade_no));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechatpay/notify`, accepted, server };
}

describeInChromium()('the sandbox console in Chromium', () => {
  let sandbox: Sandbox;
  let browser: Chromium;
  let page: Page;
  let instance: BuilderChainable;
  let merchant: Awaited<ReturnType<typeof merchantServer>>;
  let outTradeNo: string;

  let session: ConsoleSession;

  beforeAll(async () => {
    session = await openConsoleSession({ mode: 'cert' });
    ({ sandbox, browser, page, instance } = session);
    merchant = await merchantServer(sandbox);
  }, 120_000);
  afterAll(async () => {
    merchant?.server.close();
    await session?.close();
  });

  const placeNative = async (description: string) => {
    const no = `N${Date.now()}${randomBytes(2).toString('hex')}`;
    const response = await instance.v3.pay.transactions.native.postAsync({
      json: { appid: APPID, mchid: sandbox.mchid, description, out_trade_no: no, notify_url: merchant.url, amount: { total: 2990, currency: 'CNY' } },
    });
    return { no, codeUrl: response.json<{ code_url: string }>().code_url };
  };

  it('shows a Native order created with the SDK as it happens, with its code_url as a QR code', async () => {
    await page.goto(sandbox.consoleUrl);
    await page.waitForSelector('#live.on');
    await instance.v3.ecommerce.individualContracts._openid_.getAsync({ openid: PAYER, query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' } });
    const { no, codeUrl } = await placeNative('腾讯充值中心-QQ会员充值');
    outTradeNo = no;

    const row = page.locator('#exchanges tbody tr', { hasText: '/v3/pay/transactions/native' });
    await row.waitFor();
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('200');
    await expect(row.textContent()).resolves.toContain('valid');
    await row.click();
    await page.waitForSelector('#exchange-detail >> text=Response 响应');
    await expect(page.locator('#exchange-detail').textContent()).resolves.toContain(codeUrl);
    await page.screenshot({ path: screenshotPath('exchanges') });

    await page.click('nav a[data-tab=orders]');
    const card = page.locator(`.order[data-out-trade-no="${no}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('NOTPAY');
    await expect(card.locator('.actions input[aria-label=openid]').count()).resolves.toBe(1);
    await expect(card.locator('.actions button.pay-as').textContent()).resolves.toBe('pay as the user 模拟支付');
    // The QR code the page draws decodes back to the order's code_url (read in a blank page: the console's CSP admits no injected script).
    const svg = await card.locator('.qr').innerHTML();
    const reader = await browser.context.newPage();
    await reader.setContent(svg);
    await reader.addScriptTag({ path: require.resolve('jsqr/dist/jsQR.js') });
    const decoded = await reader.evaluate(DECODE_QR);
    await reader.close();
    expect(decoded).toBe(codeUrl);
    await page.screenshot({ path: screenshotPath('orders'), fullPage: true });
  });

  it('pays the order from the cashier page, and the notification reaches the merchant server', async () => {
    const cashier = await browser.context.newPage();
    await cashier.setViewportSize({ width: 480, height: 760 });
    await cashier.goto(`${sandbox.consoleUrl}/cashier?out_trade_no=${outTradeNo}`);
    await cashier.waitForSelector('#pay');
    await expect(cashier.locator('.total').textContent()).resolves.toBe('¥29.90');
    await cashier.fill('#openid', PAYER);
    await cashier.screenshot({ path: screenshotPath('cashier') });
    await cashier.click('#pay');
    await cashier.waitForSelector('#paid');
    await expect(cashier.locator('#paid').textContent()).resolves.toContain('支付成功');
    await cashier.screenshot({ path: screenshotPath('cashier-paid') });
    await cashier.close();

    const order = await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: outTradeNo, query: { mchid: sandbox.mchid } });
    expect(order.json()).toMatchObject({ trade_state: 'SUCCESS', payer: { openid: PAYER } });

    // The first attempt is refused by the merchant (500 with a body), the retry 15 s × 0.01 later is accepted.
    await page.goto(`${sandbox.consoleUrl}#notifications`);
    const card = page.locator('.notification', { hasText: outTradeNo });
    await card.locator('.badge.delivered').waitFor({ timeout: 20_000 });
    expect(merchant.accepted).toEqual([outTradeNo]);
    const attempts = card.locator('table tbody tr');
    await expect(attempts.count()).resolves.toBe(2);
    await expect(attempts.nth(0).textContent()).resolves.toContain('库存系统繁忙');
    await expect(attempts.nth(0).textContent()).resolves.toContain('500');
    await expect(attempts.nth(1).textContent()).resolves.toContain('204');
    await expect(page.locator('#schedule').textContent()).resolves.toContain('15 s, 15 s, 30 s, 3 min, 10 min');

    await card.locator('button.decode').click();
    await card.locator('.decoded pre').waitFor();
    const resource = JSON.parse((await card.locator('.decoded pre').textContent())!);
    expect(resource).toMatchObject({ out_trade_no: outTradeNo, trade_state: 'SUCCESS', payer: { openid: PAYER } });
    await page.screenshot({ path: screenshotPath('notifications') });

    await card.getByText('resend now').click();
    await attempts.nth(2).waitFor();
    expect(merchant.accepted).toEqual([outTradeNo, outTradeNo]);
  });

  it('opens a JSAPI order in the cashier by its prepay_id, and makes its refund abnormal from the console', async () => {
    const no = `J${Date.now()}`;
    const prepay = await instance.v3.pay.transactions.jsapi.postAsync({
      json: { appid: APPID, mchid: sandbox.mchid, description: '小程序订单', out_trade_no: no, notify_url: merchant.url, amount: { total: 500 }, payer: { openid: PAYER } },
    });
    const cashier = await browser.context.newPage();
    await cashier.goto(`${sandbox.consoleUrl}/cashier?prepay_id=${prepay.json<{ prepay_id: string }>().prepay_id}`);
    await cashier.click('#pay');
    await cashier.waitForSelector('#paid');
    await cashier.close();

    const refundNo = `R${Date.now()}`;
    const refund = await instance.v3.refund.domestic.refunds.postAsync({
      json: { out_trade_no: no, out_refund_no: refundNo, notify_url: merchant.url, amount: { refund: 200, total: 500, currency: 'CNY' } },
    });
    expect(refund.json<{ status: string }>().status).toBe('PROCESSING');
    await page.goto(`${sandbox.consoleUrl}#orders`);
    const actions = page.locator(`[data-out-refund-no="${refundNo}"]`);
    await actions.locator('button[data-status=ABNORMAL]').click();
    await actions.locator('button[data-status=ABNORMAL][disabled]').waitFor();
    const queried = await instance.v3.refund.domestic.refunds._out_refund_no_.getAsync({ out_refund_no: refundNo });
    expect(queried.json<{ status: string }>().status).toBe('ABNORMAL');
    await page.locator('#toast').waitFor({ state: 'hidden' });
    await page.screenshot({ path: screenshotPath('refunds'), fullPage: true });

    await page.goto(`${sandbox.consoleUrl}#notifications`);
    await page.locator('.notification', { hasText: 'REFUND.ABNORMAL' }).locator('.badge.delivered').waitFor({ timeout: 20_000 });
  });

  it('shows the doctor naming the fault of a wrongly signed request', async () => {
    await page.goto(sandbox.consoleUrl);
    await page.waitForSelector('#live.on');
    const json = JSON.stringify({ appid: APPID, mchid: sandbox.mchid, description: '错误签名示例', out_trade_no: `W${Date.now()}`, notify_url: merchant.url, amount: { total: 100 } });
    const refused = await send(sandbox.clientConfig(), 'POST', '/v3/pay/transactions/native', { body: `${json}\n`, signedBody: json, headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(401);
    await page.selectOption('#filter-verdict', 'refused');
    const row = page.locator('#exchanges tbody tr').first();
    await row.waitFor();
    await row.click();
    const doctor = page.locator('#doctor');
    await doctor.waitFor();
    await expect(doctor.locator('.diagnosis').textContent()).resolves.toBe(refused.json.detail.diagnosis);
    await expect(doctor.textContent()).resolves.toContain('ends with a newline that was not in what you signed');
    await expect(doctor.textContent()).resolves.toContain(`${Buffer.byteLength(json) + 1} bytes · SHA-256`);
    await page.screenshot({ path: screenshotPath('doctor') });
  });

  it('changes nothing for an action without the token, or from another origin, or under another Host', async () => {
    const { no } = await placeNative('guarded order');
    const status = await page.evaluate(async (path) => (await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, `/sandbox/console/api/orders/${no}/pay`);
    expect(status).toBe(403);

    // Another web page (another origin) posting to the hook: the browser sends its Origin, the sandbox refuses.
    const other = await browser.context.newPage();
    const site = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>another site</h1>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      await other.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
      await other.evaluate(async (url) => {
        await fetch(url, { method: 'POST', mode: 'no-cors', body: '{}' }).catch(() => undefined);
      }, `${sandbox.baseUri}sandbox/orders/${no}/pay`);
      // DNS rebinding: the sandbox reached under a name that resolves to 127.0.0.1 but is not loopback.
      const rebound = await other.goto(`http://evil.test:${new URL(sandbox.baseUri).port}/sandbox/console`);
      expect(rebound!.status()).toBe(403);
      await expect(other.textContent('body')).resolves.toContain('is not a loopback name');
    } finally {
      await other.close();
      site.close();
    }
    const order = await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: no, query: { mchid: sandbox.mchid } });
    expect(order.json<{ trade_state: string }>().trade_state).toBe('NOTPAY');
  });

  /** Resolves once the merchant server has accepted a notification about `subject`. */
  const acceptedFor = async (subject: string): Promise<void> => {
    for (let waited = 0; !merchant.accepted.includes(subject); waited += 50) {
      if (waited > 20_000) throw new Error(`no notification about ${subject} reached the merchant server`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('pays an H5 order at its h5_url, the simulated cashier, and the notification reaches the merchant server', async () => {
    const no = `H${Date.now()}`;
    const prepay = await instance.v3.pay.transactions.h5.postAsync({
      json: {
        appid: APPID, mchid: sandbox.mchid, description: 'H5商城-运动鞋', out_trade_no: no, notify_url: merchant.url, amount: { total: 39900 },
        scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
      },
    });
    const h5Url = prepay.json<{ h5_url: string }>().h5_url;
    // As a merchant's H5 page does: send the phone's browser to h5_url, with the page to come back to.
    const back = 'http://127.0.0.1:9/shop/orders/done';
    const cashier = await browser.context.newPage();
    await cashier.setViewportSize({ width: 480, height: 760 });
    await cashier.goto(`${h5Url}&redirect_url=${encodeURIComponent(back)}`);
    await cashier.waitForSelector('#pay');
    await expect(cashier.locator('.total').textContent()).resolves.toBe('¥399.00');
    await expect(cashier.locator('.cashier dl').textContent()).resolves.toContain('MWEB');
    await cashier.fill('#openid', PAYER);
    await cashier.screenshot({ path: screenshotPath('cashier-h5') });
    await cashier.click('#pay');
    await cashier.waitForSelector('#paid');
    await expect(cashier.locator('#return').getAttribute('href')).resolves.toBe(back);
    await cashier.close();

    await acceptedFor(no);
    const order = await instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: no, query: { mchid: sandbox.mchid } });
    expect(order.json()).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'MWEB', payer: { openid: PAYER } });
  });

  it('pays a combine order from its card: every sub-order SUCCESS, one notification, and the SDK query agrees', async () => {
    const combineNo = `C${Date.now()}`;
    const subNos = [`CA${Date.now()}`, `CB${Date.now()}`];
    await instance.v3.combineTransactions.app.postAsync({
      json: {
        combine_appid: APPID,
        combine_mchid: sandbox.mchid,
        combine_out_trade_no: combineNo,
        sub_orders: [
          { mchid: sandbox.mchid, attach: 'shop', amount: { total_amount: 1800, currency: 'CNY' }, out_trade_no: subNos[0]!, description: '咖啡豆 250g' },
          {
            mchid: sandbox.mchid, attach: 'payee', amount: { total_amount: 600, currency: 'CNY' }, out_trade_no: subNos[1]!, description: '手冲滤杯（个人卖家）',
            order_service_type: 'INDIVIDUALTRADE', individual_auth_id: SANDBOX_SEED.authorizedIndividualAuthId,
          },
        ],
        notify_url: merchant.url,
      },
    });
    await page.goto(`${sandbox.consoleUrl}#orders`);
    const card = page.locator(`.combine[data-combine-out-trade-no="${combineNo}"]`);
    await card.waitFor();
    await expect(card.locator('.card-head').textContent()).resolves.toContain('NOTPAY');
    await expect(card.locator('.sub-orders tbody tr').count()).resolves.toBe(2);
    await card.locator('input[aria-label=openid]').fill(PAYER);
    await card.locator('button.pay-as').click();
    await card.locator('.card-head .badge.valid').waitFor();
    await expect(card.locator('.sub-orders tbody').textContent()).resolves.not.toContain('NOTPAY');
    await expect(card.locator('.sub-orders .badge.valid').count()).resolves.toBe(2);
    await card.screenshot({ path: screenshotPath('combine') });

    await acceptedFor(combineNo);
    const queried = await instance.v3.combineTransactions.outTradeNo._combine_out_trade_no_.getAsync({ combine_out_trade_no: combineNo });
    const view = queried.json<{ combine_payer_info: { openid: string }; sub_orders: Array<{ out_trade_no: string; trade_state: string }> }>();
    expect(view.combine_payer_info.openid).toBe(PAYER);
    expect(view.sub_orders.map(({ out_trade_no, trade_state }) => [out_trade_no, trade_state])).toEqual(subNos.map((no) => [no, 'SUCCESS']));

    // Its notification, decoded in place: the combine shape.
    await page.goto(`${sandbox.consoleUrl}#notifications`);
    const notification = page.locator('.notification', { hasText: combineNo });
    await notification.locator('.badge.delivered').waitFor({ timeout: 20_000 });
    await notification.locator('button.decode').click();
    const resource = JSON.parse((await notification.locator('.decoded pre').textContent())!);
    expect(resource).toMatchObject({ combine_out_trade_no: combineNo, sub_orders: [{ out_trade_no: subNos[0], trade_state: 'SUCCESS' }, { out_trade_no: subNos[1], trade_state: 'SUCCESS' }] });
  });

  it('opens a mini-program combine order in the cashier by its prepay_id; Pay settles every sub-order for the payer it named', async () => {
    const combineNo = `M${Date.now()}`;
    const placed = await instance.v3.combineTransactions.miniprogram.postAsync({
      json: {
        combine_appid: APPID,
        combine_mchid: sandbox.mchid,
        combine_out_trade_no: combineNo,
        combine_payer_info: { openid: PAYER },
        sub_orders: [
          { mchid: sandbox.mchid, attach: 'a', amount: { total_amount: 250, currency: 'CNY' }, out_trade_no: `MA${Date.now()}`, description: '奶茶' },
          { mchid: sandbox.mchid, attach: 'b', amount: { total_amount: 150, currency: 'CNY' }, out_trade_no: `MB${Date.now()}`, description: '蛋挞' },
        ],
        notify_url: merchant.url,
      },
    });
    const cashier = await browser.context.newPage();
    await cashier.goto(`${sandbox.consoleUrl}/cashier?prepay_id=${placed.json<{ prepay_id: string }>().prepay_id}`);
    await cashier.waitForSelector('#pay');
    await expect(cashier.locator('.total').textContent()).resolves.toBe('¥4.00');
    await expect(cashier.locator('#openid').inputValue()).resolves.toBe(PAYER);
    await expect(cashier.locator('#openid').isDisabled()).resolves.toBe(true);
    await cashier.click('#pay');
    await cashier.waitForSelector('#paid');
    await cashier.close();

    await acceptedFor(combineNo);
    const queried = await instance.v3.combineTransactions.outTradeNo._combine_out_trade_no_.getAsync({ combine_out_trade_no: combineNo });
    expect(queried.json()).toMatchObject({ combine_payer_info: { openid: PAYER }, sub_orders: [{ trade_state: 'SUCCESS', trade_type: 'JSAPI' }, { trade_state: 'SUCCESS', trade_type: 'JSAPI' }] });
  });

  it('rotates the platform certificate from the keys page', async () => {
    const before = sandbox.platformSerial;
    await page.goto(`${sandbox.consoleUrl}#keys`);
    await page.waitForSelector('#key-table');
    await page.click('#rotate');
    await page.locator('#key-table tr', { hasText: 'former platform certificates' }).locator('td', { hasText: before }).waitFor();
    const signedBy = await page.locator('#key-table tr', { hasText: 'responses are signed by' }).locator('td').textContent();
    expect(signedBy).not.toBe(before);
    // Responses are now signed with the new certificate, which /v3/certificates lists beside the old one.
    const config = sandbox.clientConfig();
    const seed = await send(config, 'GET', `/v3/ecommerce/individual-contracts/${PAYER}?appid=${APPID}&permission_type=INDIVIDUAL_PAYEE`);
    expect(seed.headers['wechatpay-serial']).toBe(signedBy);
    const listed = await send(config, 'GET', '/v3/certificates');
    expect(listed.json.data.map((entry: { serial_no: string }) => entry.serial_no)).toEqual([signedBy, before]);
    await page.screenshot({ path: screenshotPath('keys') });

    // The handle on this thread follows the rotation the page made in the sandbox's worker.
    expect(sandbox.platformSerial).toBe(signedBy);
    const rotated = Builder.factory(sandbox.clientConfig());
    try {
      const reply = await rotated.v3.ecommerce.individualContracts._openid_.getAsync({ openid: PAYER, query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' } });
      expect(reply.headers['wechatpay-serial']).toBe(signedBy);
    } finally {
      await rotated.getDriver().close();
    }
  });
});
