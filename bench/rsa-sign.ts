/**
 * SHA256withRSA signatures per second: `Rsa.sign` inline on the main thread versus `Rsa.signAsync`
 * with 32 signatures in flight on libuv's thread pool. Prints the median of a few timed windows.
 *
 *   npx tsx bench/rsa-sign.ts [runs=5] [windowMs=1000]
 */
import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism as cpuCount } from 'node:os';
import { Rsa, type RsaKeyInput } from '../lib/crypto/rsa';

export interface RsaSignFigures {
  inlinePerSecond: number;
  /** `Rsa.sign` given PEM text, so the key is parsed on every call: why keys are parsed once. */
  inlinePemPerSecond: number;
  asyncPerSecond: number;
  inFlight: number;
  runs: number;
}

// A typical APIv3 signing string: a POST with a small JSON body.
const MESSAGE = `POST\n/v3/pay/transactions/native\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${JSON.stringify({
  appid: 'wxd678efh567hg6787',
  mchid: '1230000109',
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
  amount: { total: 100, currency: 'CNY' },
})}\n`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function inlineRate(key: RsaKeyInput, windowMs: number): number {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < windowMs) {
    Rsa.sign(MESSAGE, key);
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

async function asyncRate(key: ReturnType<typeof Rsa.from>, windowMs: number, inFlight: number): Promise<number> {
  const start = performance.now();
  let count = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() - start < windowMs) {
      await Rsa.signAsync(MESSAGE, key);
      count++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return (count * 1000) / (performance.now() - start);
}

export async function measureRsaSign(runs = 5, windowMs = 1000, inFlight = 32): Promise<RsaSignFigures> {
  const key = Rsa.from(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  inlineRate(key, 200); // warm-up
  await asyncRate(key, 200, inFlight);
  const inline: number[] = [];
  const inlinePem: number[] = [];
  const parallel: number[] = [];
  for (let run = 0; run < runs; run++) {
    inline.push(inlineRate(key, windowMs));
    inlinePem.push(inlineRate(pem, windowMs));
    parallel.push(await asyncRate(key, windowMs, inFlight));
  }
  return {
    inlinePerSecond: median(inline),
    inlinePemPerSecond: median(inlinePem),
    asyncPerSecond: median(parallel),
    inFlight,
    runs,
  };
}

if (require.main === module) {
  const [runs = '5', windowMs = '1000'] = process.argv.slice(2);
  measureRsaSign(Number(runs), Number(windowMs)).then((figures) => {
    const pool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
    console.log(`RSA-2048 SHA256withRSA, ${cpuCount()} CPU(s), UV_THREADPOOL_SIZE=${pool}, median of ${figures.runs} runs`);
    console.log(`  Rsa.sign inline        ${figures.inlinePerSecond.toFixed(0)} signatures/s`);
    console.log(`  Rsa.sign inline, PEM   ${figures.inlinePemPerSecond.toFixed(0)} signatures/s (key re-parsed per call)`);
    console.log(`  Rsa.signAsync ×${figures.inFlight}      ${figures.asyncPerSecond.toFixed(0)} signatures/s`);
    console.log(`  ratio async/inline     ${(figures.asyncPerSecond / figures.inlinePerSecond).toFixed(2)}×`);
  });
}
