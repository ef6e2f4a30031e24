/**
 * APIv3 notifications verified and decrypted per second: `Notification.parse` (and `parseAsync` with many
 * in flight on libuv's pool) against the bare limit, a hand-written loop of `crypto.verify` + AES-256-GCM
 * decryption + the two `JSON.parse`s any handler needs. Prints medians of several timed windows.
 *
 *   npx tsx bench/notification.ts [runs=5] [windowMs=1000] [inFlight=32]
 */
import { createDecipheriv, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Notification, type NotificationOptions } from '../lib/notify';
import { Notifier } from '../lib/sandbox/notifier';
import { paidTransaction } from '../spec/helpers/notify-keys';
import { fmt, median, NOTE, table } from './helpers/stats';

const SERIAL = 'PUB_KEY_ID_0114232134912410000000000000BENCH';
const APIV3_KEY = 'bench-apiv3-key-32-bytes-exactly';
const NOW = 1_700_000_000;

interface Sample {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Distinct notifications, as a busy notify_url sees them: payments with a realistic resource. */
function samples(privateKey: KeyObject, count: number): Sample[] {
  const notifier = new Notifier({ privateKey, serial: SERIAL, apiv3Key: APIV3_KEY, now: () => NOW });
  const out = Array.from({ length: count }, (_, i) =>
    notifier.build({
      eventType: 'TRANSACTION.SUCCESS',
      resource: paidTransaction(`1217752501201407033233368${String(i).padStart(3, '0')}`),
    }),
  );
  void notifier.stop();
  return out;
}

/** The bare work: verification string, RSA verify, envelope JSON, AES-GCM, resource JSON. */
function bareMessage(sample: Sample): { message: Buffer; signature: Buffer; envelope: { resource: Record<string, string> } } {
  const { headers, body } = sample;
  const message = Buffer.concat([Buffer.from(`${headers['Wechatpay-Timestamp']}\n${headers['Wechatpay-Nonce']}\n`), body, Buffer.from('\n')]);
  return { message, signature: Buffer.from(headers['Wechatpay-Signature']!, 'base64'), envelope: JSON.parse(body.toString('utf8')) };
}

function bareDecrypt(resource: Record<string, string>): unknown {
  const data = Buffer.from(resource['ciphertext']!, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', APIV3_KEY, resource['nonce']!);
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource['associated_data']!));
  return JSON.parse(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8'));
}

function bareSync(sample: Sample, key: KeyObject): unknown {
  const { message, signature, envelope } = bareMessage(sample);
  if (!verify('sha256', message, key, signature)) throw new Error('bad signature');
  return bareDecrypt(envelope.resource);
}

function bareAsync(sample: Sample, key: KeyObject): Promise<unknown> {
  const { message, signature, envelope } = bareMessage(sample);
  return new Promise((resolve, reject) =>
    verify('sha256', message, key, signature, (error, valid) => (error || !valid ? reject(error ?? new Error('bad signature')) : resolve(bareDecrypt(envelope.resource)))),
  );
}

function syncRate(work: (sample: Sample) => unknown, all: Sample[], windowMs: number): number {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < windowMs) work(all[count++ % all.length]!);
  return (count * 1000) / (performance.now() - start);
}

async function asyncRate(work: (sample: Sample) => Promise<unknown>, all: Sample[], windowMs: number, inFlight: number): Promise<number> {
  const start = performance.now();
  let count = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() - start < windowMs) await work(all[count++ % all.length]!);
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return (count * 1000) / (performance.now() - start);
}

export interface NotificationFigures {
  readonly bareSync: number;
  readonly parse: number;
  readonly bareAsync: number;
  readonly parseAsync: number;
  readonly runs: number;
  readonly inFlight: number;
}

export async function measureNotification(runs = 5, windowMs = 1000, inFlight = 32): Promise<NotificationFigures> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const all = samples(privateKey, 64);
  const options: NotificationOptions = { certs: { [SERIAL]: publicKey }, apiv3Key: APIV3_KEY, now: () => NOW };
  const lanes = {
    bareSync: (s: Sample) => bareSync(s, publicKey),
    parse: (s: Sample) => Notification.parse(s, options),
    bareAsync: (s: Sample) => bareAsync(s, publicKey),
    parseAsync: (s: Sample) => Notification.parseAsync(s, options),
  };
  // Both paths must accept every sample before anything is timed.
  for (const sample of all) {
    const expected = bareSync(sample, publicKey);
    if (JSON.stringify(Notification.parse(sample, options).resource) !== JSON.stringify(expected)) throw new Error('parse disagrees with the bare loop');
  }
  syncRate(lanes.bareSync, all, 200); // warm-up
  syncRate(lanes.parse, all, 200);
  await asyncRate(lanes.parseAsync, all, 200, inFlight);
  const figures = { bareSync: [] as number[], parse: [] as number[], bareAsync: [] as number[], parseAsync: [] as number[] };
  for (let run = 0; run < runs; run++) {
    // Interleaved, so drifting load on the shared machine hits all four alike.
    figures.bareSync.push(syncRate(lanes.bareSync, all, windowMs));
    figures.parse.push(syncRate(lanes.parse, all, windowMs));
    figures.bareAsync.push(await asyncRate(lanes.bareAsync, all, windowMs, inFlight));
    figures.parseAsync.push(await asyncRate(lanes.parseAsync, all, windowMs, inFlight));
  }
  return {
    bareSync: median(figures.bareSync),
    parse: median(figures.parse),
    bareAsync: median(figures.bareAsync),
    parseAsync: median(figures.parseAsync),
    runs,
    inFlight,
  };
}

if (require.main === module) {
  const [runs = '5', windowMs = '1000', inFlight = '32'] = process.argv.slice(2);
  void measureNotification(Number(runs), Number(windowMs), Number(inFlight)).then((f) => {
    const pool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
    console.log(`APIv3 notifications (RSA-2048 verify + AES-256-GCM + JSON), ${availableParallelism()} CPU(s), UV_THREADPOOL_SIZE=${pool}, median of ${f.runs} runs`);
    console.log(table([
      { path: 'bare crypto.verify + decrypt, inline', 'per second': fmt(f.bareSync), 'vs bare': '1.00×' },
      { path: 'Notification.parse', 'per second': fmt(f.parse), 'vs bare': `${(f.parse / f.bareSync).toFixed(2)}×` },
      { path: `bare, verify on the pool ×${f.inFlight}`, 'per second': fmt(f.bareAsync), 'vs bare': `${(f.bareAsync / f.bareSync).toFixed(2)}×` },
      { path: `Notification.parseAsync ×${f.inFlight}`, 'per second': fmt(f.parseAsync), 'vs bare': `${(f.parseAsync / f.bareSync).toFixed(2)}× (${(f.parseAsync / f.bareAsync).toFixed(2)}× of bare pool)` },
    ]));
    console.log(NOTE);
  });
}
