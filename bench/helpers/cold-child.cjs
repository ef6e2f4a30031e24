'use strict';
// One fresh process, one cold-start measurement, printed as JSON. Plain CommonJS, run by plain `node`, on
// the built package (dist/), so nothing but the code measured is loaded: no tsx, no TypeScript.
//   node cold-child.cjs <mode> <base> <merchant.key> <platform.pub>
const started = performance.now();
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [mode, base, keyFile, pubFile] = process.argv.slice(2);
const dist = join(__dirname, '../../dist');
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000BENCH';
const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
const since = (t) => performance.now() - t;

function config() {
  return { mchid: '1900000109', serial: '3775B6A45ACD588826D15E583A95F5DD00000000', privateKey: readFileSync(keyFile, 'utf8'), certs: { [PLATFORM_SERIAL]: readFileSync(pubFile, 'utf8') }, base_uri: base };
}

function check(answer) {
  if (answer.auth_state !== 'AUTHORIZED') throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
}

/** As a server or a serverless function meets it: the client is built at start, the first call comes later. */
async function firstCallLater(call) {
  const { Builder } = require(join(dist, 'cjs/index.js'));
  const node = Builder.factory(config()).v3.ecommerce.individualContracts._openid_;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const t = performance.now();
  check(await call(node));
  return since(t);
}

const modes = {
  'require wechatpay-ts': async () => {
    const t = performance.now();
    require(join(dist, 'cjs/index.js'));
    return since(t);
  },
  'require wechatpay-axios-plugin': async () => {
    const t = performance.now();
    require('wechatpay-axios-plugin');
    return since(t);
  },
  'import wechatpay-ts': async () => {
    const t = performance.now();
    await import(join(dist, 'esm/index.mjs'));
    return since(t);
  },
  'import wechatpay-axios-plugin': async () => {
    const t = performance.now();
    await import('wechatpay-axios-plugin');
    return since(t);
  },
  'first verified response, wechatpay-ts': async () => {
    const { Builder } = require(join(dist, 'cjs/index.js'));
    check((await Builder.factory(config()).v3.ecommerce.individualContracts._openid_.getAsync(SEED)).json());
    return since(started);
  },
  'first verified response, bare undici': async () => {
    const { bareClient } = require('./bare-client.cjs');
    const c = config();
    const get = bareClient({ merchantKeyPem: c.privateKey, platformPublicKeyPem: c.certs[PLATFORM_SERIAL], target: `${base}v3/ecommerce/individual-contracts/${SEED.openid}?appid=${SEED.query.appid}&permission_type=${SEED.query.permission_type}`, mchid: c.mchid, serial: c.serial });
    check(await get());
    return since(started);
  },
  // The first synchronous call right after the client is built: the worker may still be starting.
  'first sync call at once, wechatpay-ts': async () => {
    const { Builder } = require(join(dist, 'cjs/index.js'));
    const node = Builder.factory(config()).v3.ecommerce.individualContracts._openid_;
    const t = performance.now();
    check(node.get(SEED).json());
    return since(t);
  },
  'first sync call 300 ms after start, wechatpay-ts': () => firstCallLater((node) => node.get(SEED).json()),
  // The same wait before the first promise call, for comparison.
  'first async call 300 ms after start, wechatpay-ts': () => firstCallLater(async (node) => (await node.getAsync(SEED)).json()),
};

modes[mode]().then(
  (ms) => {
    process.stdout.write(`${JSON.stringify({ ms })}\n`);
    process.exit(0);
  },
  (error) => {
    // The message only: an SDK's error object may carry request headers (the Authorization signature).
    console.error(String(error && error.message));
    process.exit(1);
  },
);

module.exports = { MODES: Object.keys(modes) };
