/**
 * Signed and verified requests per second through wechatpay-ts, side by side in one run with raw undici,
 * a bare RSA-sign loop (one core's limit) and wechatpay-axios-plugin, against one local server in another
 * process that does almost no work. Rounds are interleaved; medians are reported.
 */
import { generateKeyPairSync, sign as rsaSign, createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { Builder, closeSyncBridge, HandlerStack, Response } from '../lib';
import { fmt, median, NOTE, startProcess, table } from './helpers/stats';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS_PER_CASE ?? 2);
const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;

const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/** Runs `one()` with `concurrency` loops for `SECONDS`, returns completed calls per second. */
async function rate(concurrency: number, one: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await one();
      done++;
    }
  }));
  return done / SECONDS;
}

function syncRate(one: () => unknown): number {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  while (performance.now() < end) {
    one();
    done++;
  }
  return done / SECONDS;
}

async function main() {
  const merchant = pem();
  const platform = pem();
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-bench-'));
  const platformKeyFile = join(dir, 'platform.key');
  writeFileSync(platformKeyFile, platform.privateKey);
  writeFileSync(join(dir, 'merchant.key'), merchant.privateKey);
  writeFileSync(join(dir, 'platform.pub'), platform.publicKey);
  const serial = 'PUB_KEY_ID_0114232134912410000000000000BENCH';
  const { port, child } = await startProcess(join(__dirname, 'helpers/bench-server.cjs'), [platformKeyFile, serial]);
  const base = `http://127.0.0.1:${port}/`;
  const target = `${base}v3/ecommerce/individual-contracts/${SEED.openid}?appid=${SEED.query.appid}&permission_type=${SEED.query.permission_type}`;

  const config = { mchid: '1900000109', serial: '3775B6A45ACD588826D15E583A95F5DD00000000', privateKey: merchant.privateKey, certs: { [serial]: platform.publicKey }, base_uri: base };
  const instance = Builder.factory(config);
  const node = instance.v3.ecommerce.individualContracts._openid_;

  // wechatpay-axios-plugin, configured the same way (file:// keys, base URL on the local server).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Wechatpay } = require('wechatpay-axios-plugin');
  const axiosPlugin = new Wechatpay({ ...config, privateKey: `file://${join(dir, 'merchant.key')}`, certs: { [serial]: `file://${join(dir, 'platform.pub')}` }, baseURL: base });
  const axiosNode = axiosPlugin.v3.ecommerce.individualContracts._openid_;

  // The same client whose transport answers from memory with the server's signed response: signing and
  // verifying as ever, but no server process and no sockets competing for the two cores.
  const inMemory = Builder.factory(config);
  const canned = await request(target, { dispatcher: new Agent() });
  const cannedHeaders = Object.entries(canned.headers).map(([k, v]) => [k, String(v)] as [string, string]);
  const cannedBody = Buffer.from(await canned.body.arrayBuffer());
  (inMemory.getDriver().select().getConfig('handler') as HandlerStack).setHandler(async () => new Response(200, cannedHeaders, cannedBody));
  const inMemoryNode = inMemory.v3.ecommerce.individualContracts._openid_;

  const agent = new Agent({ connections: 64 });
  const key = createPrivateKey(merchant.privateKey);
  const message = Buffer.from(`GET\n/v3/x\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n`);

  const cases: Array<[string, () => Promise<number>]> = [
    ['crypto.sign loop (1 core RSA limit)', async () => syncRate(() => rsaSign('sha256', message, key))],
    ['raw undici, c=32 (no signing)', () => rate(32, async () => (await request(target, { dispatcher: agent })).body.text())],
    ['wechatpay-ts getAsync, c=1', () => rate(1, () => node.getAsync(SEED))],
    ['wechatpay-ts getAsync, c=32', () => rate(32, () => node.getAsync(SEED))],
    ['wechatpay-ts get (sync), c=1', async () => syncRate(() => node.get(SEED))],
    ['wechatpay-ts getAsync, c=32, in memory (no server)', () => rate(32, () => inMemoryNode.getAsync(SEED))],
    ['wechatpay-axios-plugin, c=1', () => rate(1, () => axiosNode.get({ params: SEED.query, openid: SEED.openid }))],
    ['wechatpay-axios-plugin, c=32', () => rate(32, () => axiosNode.get({ params: SEED.query, openid: SEED.openid }))],
  ];

  // Sanity: both SDKs really get verified answers before we time them.
  const ours = await node.getAsync(SEED);
  const theirs = await axiosNode.get({ params: SEED.query, openid: SEED.openid });
  if (ours.json<{ auth_state: string }>().auth_state !== 'AUTHORIZED' || theirs.data.auth_state !== 'AUTHORIZED') throw new Error('bench setup: unexpected answers');

  const results = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of cases) results.get(name)!.push(await run());
  }
  const med = (name: string) => median(results.get(name)!);
  const rows = cases.map(([name]) => ({ case: name, 'median /s': fmt(med(name)), 'min /s': fmt(Math.min(...results.get(name)!)), 'max /s': fmt(Math.max(...results.get(name)!)) }));
  console.log(`# Signed + verified requests per second (${ROUNDS} interleaved rounds × ${SECONDS} s each)\n${NOTE}\n`);
  console.log(table(rows));
  console.log(`\nratio wechatpay-ts / wechatpay-axios-plugin at c=32: ${fmt(med('wechatpay-ts getAsync, c=32') / med('wechatpay-axios-plugin, c=32'), 2)}×`);
  console.log(`ratio wechatpay-ts / wechatpay-axios-plugin at c=1:  ${fmt(med('wechatpay-ts getAsync, c=1') / med('wechatpay-axios-plugin, c=1'), 2)}×`);
  console.log(`wechatpay-ts c=32 / one-core RSA limit:             ${fmt(med('wechatpay-ts getAsync, c=32') / med('crypto.sign loop (1 core RSA limit)'), 2)}× (the server process shares the 2 cores)`);
  console.log(`… in memory, no server / one-core RSA limit:         ${fmt(med('wechatpay-ts getAsync, c=32, in memory (no server)') / med('crypto.sign loop (1 core RSA limit)'), 2)}×`);
  console.log(`wechatpay-ts sync / promise at c=1:                 ${fmt(med('wechatpay-ts get (sync), c=1') / med('wechatpay-ts getAsync, c=1'), 2)}×`);

  await agent.close();
  await instance.getDriver().close();
  closeSyncBridge();
  child.kill('SIGTERM');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
