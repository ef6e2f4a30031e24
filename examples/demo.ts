/**
 * `npm run demo`: the seed call in all six spellings (three ways to name the endpoint × promise and
 * synchronous verbs) against the embedded sandbox, then the personal-collections flow end to end, then a
 * tampered response being refused. No merchant account, no network: everything runs on 127.0.0.1.
 * `npm run demo -- --keep` then places a Native order for a local merchant server and keeps the sandbox
 * open, so you can pay it from the web console and watch the notification arrive (Ctrl-C stops).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Builder, closeSyncBridge, RequestException, type BuilderChainable, type Response } from '../lib';
import { Notification } from '../lib/notify';
import { Sandbox } from '../lib/sandbox';

const APPID = 'wxd678efh567h23787';
const SEED_OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

type Print = (line: string) => void;

export async function demo(print: Print = console.log, options: { keep?: boolean } = {}): Promise<void> {
  const sandbox = await Sandbox.start({ mode: 'pubkey' });
  print(`sandbox listening on ${sandbox.baseUri} (mode ${sandbox.mode}, serial ${sandbox.platformSerial})`);
  print(`console: ${sandbox.consoleUrl}\n`);
  const instance = Builder.factory(sandbox.clientConfig());
  try {
    seedInSixSpellings(instance, print);
    await Promise.all([
      ['property chain', instance.v3.ecommerce.individualContracts._openid_],
      ['chain()', instance.chain('v3/ecommerce/individual-contracts/{openid}')],
      ['bracket access', instance['v3/ecommerce/individual-contracts/{openid}']],
    ].map(async ([name, node]) => show(print, `${name as string}, getAsync()`, await (node as BuilderChainable).getAsync(seedOptions(SEED_OPENID)))));

    await personalCollections(instance, sandbox, print);
    await tamperedResponse(instance, sandbox, print);
    if (options.keep) await keepOpen(instance, sandbox, print);
  } finally {
    await instance.getDriver().close();
    await sandbox.stop();
    closeSyncBridge();
  }
}

function seedOptions(openid: string) {
  return { openid, query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' } };
}

/** The synchronous verbs: each call blocks until the response is received and verified, like PHP. */
function seedInSixSpellings(instance: BuilderChainable, print: Print): void {
  print('== the seed call: GET /v3/ecommerce/individual-contracts/{openid}\n');
  show(print, 'property chain, get()', instance.v3.ecommerce.individualContracts._openid_.get(seedOptions(SEED_OPENID)));
  show(print, 'chain(), get()', instance.chain('v3/ecommerce/individual-contracts/{openid}').get(seedOptions(SEED_OPENID)));
  show(print, 'bracket access, get()', instance['v3/ecommerce/individual-contracts/{openid}'].get(seedOptions(SEED_OPENID)));
}

function show(print: Print, label: string, response: Response): void {
  print(`${label.padEnd(26)} ${response.getStatusCode()} ${JSON.stringify(JSON.parse(String(response.getBody())))}`);
}

async function personalCollections(instance: BuilderChainable, sandbox: Sandbox, print: Print): Promise<void> {
  print('\n== personal collections (个人收款): a new seller signs up, then gets paid\n');
  const openid = `oDemo${randomBytes(12).toString('hex')}`.slice(0, 28);
  const contracts = instance.v3.ecommerce.individualContracts;

  const before = await contracts._openid_.getAsync(seedOptions(openid));
  print(`1. ${openid} before signing: ${before.json<{ auth_state: string }>().auth_state}`);

  const outContractCode = `demo_${randomBytes(8).toString('hex')}`;
  const preSign = await contracts.preEntrustSign.miniProgram.postAsync({ json: { appid: APPID, out_contract_code: outContractCode, openid } });
  print(`2. pre-sign for the mini program: pre_entrustweb_id ${preSign.json<{ pre_entrustweb_id: string }>().pre_entrustweb_id}`);

  sandbox.signContract(outContractCode);
  print('3. the user completes the sign-up in WeChat (sandbox hook)');

  const after = contracts._openid_.get(seedOptions(openid)).json<{ auth_state: string; individual_auth_id: string }>();
  print(`4. after signing: ${after.auth_state}, individual_auth_id ${after.individual_auth_id}`);

  const order = await instance.v3.combineTransactions.miniprogram.postAsync({
    json: {
      combine_appid: APPID,
      combine_mchid: sandbox.mchid,
      combine_out_trade_no: `C${Date.now()}`,
      combine_payer_info: { openid: SEED_OPENID },
      scene_info: { payer_client_ip: '127.0.0.1' },
      sub_orders: [{
        mchid: sandbox.mchid,
        attach: 'demo',
        amount: { total_amount: 1800, currency: 'CNY' },
        out_trade_no: `S${Date.now()}`,
        description: 'Second-hand book',
        order_service_type: 'INDIVIDUALTRADE',
        individual_auth_id: after.individual_auth_id,
      }],
      notify_url: 'https://example.com/notify',
      trade_scenario: 'RECOMMERCE',
    },
  });
  print(`5. combine order with that individual_auth_id: prepay_id ${order.json<{ prepay_id: string }>().prepay_id}`);
}

async function tamperedResponse(instance: BuilderChainable, sandbox: Sandbox, print: Print): Promise<void> {
  print('\n== a response altered after signing is refused\n');
  sandbox.tamperNextResponse();
  try {
    await instance.v3.ecommerce.individualContracts._openid_.getAsync(seedOptions(SEED_OPENID));
    throw new Error('the tampered response was accepted');
  } catch (error) {
    if (!(error instanceof RequestException)) throw error;
    print(`refused: ${error.code}\n  ${error.message}`);
  }
}

/** A merchant server that verifies notifications with the SDK, a Native order for it, then waits for Ctrl-C. */
async function keepOpen(instance: BuilderChainable, sandbox: Sandbox, print: Print): Promise<void> {
  const merchant = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const answer = await Notification.handle(
        { headers: request.headers, body: Buffer.concat(chunks) },
        { certs: { [sandbox.platformSerial]: sandbox.platformPem }, apiv3Key: sandbox.apiv3Key },
        (notification) => print(`merchant server: ${notification.event.event_type} ${JSON.stringify(notification.resource)}`),
      );
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  const notifyUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/wechatpay/notify`;
  const outTradeNo = `DEMO${Date.now()}`;
  const order = await instance.v3.pay.transactions.native.postAsync({
    json: { appid: APPID, mchid: sandbox.mchid, description: '演示订单 demo order', out_trade_no: outTradeNo, notify_url: notifyUrl, amount: { total: 1 } },
  });
  print(`\n== kept open: Native order ${outTradeNo}, code_url ${order.json<{ code_url: string }>().code_url}`);
  print(`open ${sandbox.consoleUrl}#orders to pay it; its notification goes to ${notifyUrl}. Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  merchant.closeAllConnections();
  merchant.close();
}

if (require.main === module) {
  demo(console.log, { keep: process.argv.includes('--keep') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
