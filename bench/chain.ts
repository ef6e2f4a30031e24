/**
 * Chain-resolution cost and memory: a cached property chain, chain() with a whole path, and a million
 * distinct ids through chain() with the heap measured after a real collection.
 */
import { generateKeyPairSync } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Builder } from '../lib';
import { fmt, median, NOTE, table } from './helpers/stats';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = pem();
const platform = pem();
const instance = Builder.factory({ mchid: '1900000109', serial: 'AA', privateKey: merchant.privateKey, certs: { PUB_KEY_ID_X: platform.publicKey } });

function nsPer(iterations: number, fn: () => unknown): number {
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return median(rounds);
}

let sink: unknown;
const rows = [
  { case: 'instance.v3.ecommerce.individualContracts._openid_ (cached)', ns: nsPer(1_000_000, () => (sink = instance.v3.ecommerce.individualContracts._openid_)) },
  { case: "instance.chain('v3/ecommerce/individual-contracts/{openid}') (cached)", ns: nsPer(1_000_000, () => (sink = instance.chain('v3/ecommerce/individual-contracts/{openid}'))) },
  { case: "instance['v3/ecommerce/individual-contracts/{openid}'] (cached)", ns: nsPer(1_000_000, () => (sink = instance['v3/ecommerce/individual-contracts/{openid}'])) },
];
let n = 0;
rows.push({ case: "parent.chain(distinct id) (uncached: a new node each time)", ns: nsPer(100_000, () => (sink = instance.v3.pay.transactions.id.chain(`4200000985${n++}`))) });

gc();
const baseline = process.memoryUsage().heapUsed;
for (let i = 0; i < 1_000_000; i++) sink = instance.chain(`v3/pay/transactions/id/${4200000985202103031441826014n + BigInt(i)}`);
gc();
const grown = process.memoryUsage().heapUsed - baseline;
void sink;

console.log(`# Chain resolution (median of 7 rounds)\n${NOTE}\n`);
console.log(table(rows.map((r) => ({ case: r.case, 'ns / lookup': fmt(r.ns, 1), 'µs / lookup': fmt(r.ns / 1000, 3) }))));
console.log(`\nheap growth after 1,000,000 distinct ids through chain(): ${fmt(grown / 1024 / 1024, 1)} MB above baseline (target < 50 MB)`);
