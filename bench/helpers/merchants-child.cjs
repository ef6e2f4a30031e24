'use strict';
// One fresh process holding COUNT merchant clients of one SDK, each with its own private-key and platform-key
// objects, mchid and serial; every client makes one verified call (64 at a time). Prints RSS and the
// connections the server saw, as JSON. Run with --expose-gc on the built package (no tsx in the figures).
//   node --expose-gc merchants-child.cjs <wechatpay-ts|wechatpay-axios-plugin> <count> <base> <merchant.key> <platform.pub>
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [sdk, countText, base, keyFile, pubFile] = process.argv.slice(2);
const count = Number(countText);
const merchantKey = readFileSync(keyFile, 'utf8');
const platformKey = readFileSync(pubFile, 'utf8');
const SEED = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000BENCH';

const rssMiB = () => {
  global.gc();
  return process.memoryUsage().rss / 1048576;
};
const heapMiB = () => process.memoryUsage().heapUsed / 1048576;
const memory = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]));

function builders() {
  if (sdk === 'wechatpay-ts') {
    const { Builder } = require(join(__dirname, '../../dist/cjs/index.js'));
    return {
      // The key texts are parsed by each client: every client holds key objects of its own.
      make: (i) => Builder.factory({ mchid: String(1900000000 + i), serial: i.toString(16).toUpperCase().padStart(40, '0'), privateKey: merchantKey, certs: { [PLATFORM_SERIAL]: platformKey }, base_uri: base }),
      call: async (client) => client.v3.ecommerce.individualContracts._openid_.getAsync(SEED).then((r) => r.json()),
    };
  }
  const { Wechatpay } = require('wechatpay-axios-plugin');
  return {
    make: (i) => new Wechatpay({ mchid: String(1900000000 + i), serial: i.toString(16).toUpperCase().padStart(40, '0'), privateKey: merchantKey, certs: { [PLATFORM_SERIAL]: platformKey }, baseURL: base }),
    call: async (client) => client.v3.ecommerce.individualContracts._openid_.get({ params: SEED.query, openid: SEED.openid }).then((r) => r.data),
  };
}

async function main() {
  const { make, call } = builders();
  const before = rssMiB();
  const heapBefore = heapMiB();
  const clients = Array.from({ length: count }, (_, i) => make(i));
  const built = rssMiB();
  const heapBuilt = heapMiB();
  let next = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < clients.length) {
      const answer = await call(clients[next++]);
      if (answer.auth_state !== 'AUTHORIZED') throw new Error('unexpected answer');
    }
  }));
  const used = rssMiB();
  const heapUsed = heapMiB();
  const detail = memory();
  const connections = Number(await (await fetch(`${base}__connections`)).text());
  process.stdout.write(`${JSON.stringify({ before, built, used, heapBefore, heapBuilt, heapUsed, detail, connections, clients: clients.length })}\n`);
  process.exit(0);
}

main().catch((error) => {
  // The message only: an SDK's error object may carry request headers (the Authorization signature).
  console.error(String(error && error.message));
  process.exit(1);
});
