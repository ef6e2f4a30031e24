/**
 * downloadBill over real HTTP against the sandbox: the apply call, then the unsigned file through the same
 * signed stack; plain and gzip bills, the hash check, and what is left on disk when it fails. Then bills
 * above the old 64 MiB buffering cap from a file server of their own, with the process's memory measured.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { Builder, ClientException, ConnectException, InvalidArgumentException, Response, TransferException, closeSyncBridge } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import type { BuilderChainable } from '../../lib/builder/chainable';
import { BILL_HASH_MISMATCH, downloadBill, downloadBillSync, type BillReference } from '../../lib/files';
import { generatedBillDigest, rssProbe, startBillServer, type BillServer } from '../helpers/files-bill-server';
import { tempDir } from '../helpers/files-fixtures';
import { collectGarbage } from '../helpers/live-memory';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
let instance: BuilderChainable;
const temp = tempDir('wechatpay-bill-');
/** Today in Beijing, the bill date of the order paid below. */
const billDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

beforeAll(async () => {
  sandbox = await Sandbox.start({ keys: await sandboxKeys() });
  instance = Builder.factory(sandbox.clientConfig());
  await instance.v3.pay.transactions.native.postAsync({
    json: {
      appid: 'wxd678efh567h23787',
      mchid: sandbox.mchid,
      description: '账单测试',
      out_trade_no: 'BILL20261126001',
      notify_url: 'https://example.com/notify',
      amount: { total: 1234 },
    },
  });
  sandbox.markPaid('BILL20261126001');
});

afterAll(async () => {
  closeSyncBridge();
  await instance.getDriver().close();
  await sandbox.stop();
  temp.remove();
});

const applyFor = (tarType?: 'GZIP') =>
  instance.v3.bill.tradebill.getAsync({ query: { bill_date: billDate, ...(tarType ? { tar_type: tarType } : {}) } });

describe('downloadBill', () => {
  it('saves a plain bill from the tradebill Response; its SHA-1 matches and it holds the day’s order', async () => {
    const answer = await applyFor();
    const to = join(temp.dir, 'plain.csv');
    const progress: [number, number][] = [];
    const saved = await downloadBill(instance, answer, { to, onProgress: (done, total) => progress.push([done, total]) });
    const bytes = readFileSync(to);
    expect(saved).toEqual({ path: to, bytes: bytes.length, gzip: false, gunzipped: false, hashType: 'SHA1', hashValue: sha1(bytes) });
    expect(sha1(bytes)).toBe(answer.json<BillReference>().hash_value);
    expect(bytes.toString('utf8')).toContain('`BILL20261126001');
    expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
  });

  it('un-gzips a GZIP bill when asked, or keeps it compressed; either way the hash is checked on the bill itself', async () => {
    const gunzipped = join(temp.dir, 'gunzipped.csv');
    const first = await downloadBill(instance, await applyFor('GZIP'), { to: gunzipped, gunzip: true });
    expect(first).toMatchObject({ gzip: true, gunzipped: true });
    const csv = readFileSync(gunzipped);
    expect(csv.subarray(0, 3).toString('utf8')).toBe('\uFEFF');

    const kept = join(temp.dir, 'kept.csv.gz');
    const reference = (await applyFor('GZIP')).json<BillReference>();
    const second = await downloadBill(instance, reference, { to: kept });
    expect(second).toMatchObject({ gzip: true, gunzipped: false, hashValue: reference.hash_value });
    expect(gunzipSync(readFileSync(kept)).equals(csv)).toBe(true);
  });

  it('keeps the download_url query exactly as given (the token is not re-encoded)', async () => {
    const reference = (await applyFor()).json<BillReference>();
    const seen: string[] = [];
    const to = join(temp.dir, 'exact.csv');
    const traced = Builder.factory({ ...sandbox.clientConfig(), debug: (line) => seen.push(line.split('\n')[0]!) });
    await downloadBill(traced, reference, { to });
    const token = new URL(reference.download_url).search;
    expect(seen.some((line) => line.startsWith(`> GET /v3/billdownload/file${token} `))).toBe(true);

    // A token with characters an encoder would touch goes out byte for byte (the sandbox then refuses it as unknown).
    const odd = `${sandbox.baseUri}v3/billdownload/file?token=a%2Bb+c~d%3D&tartype=GZIP`;
    await expect(downloadBill(traced, { ...reference, download_url: odd }, { to })).rejects.toMatchObject({ status: 400 });
    expect(seen).toContainEqual(expect.stringMatching(/^> GET \/v3\/billdownload\/file\?token=a%2Bb\+c~d%3D&tartype=GZIP /));
    await traced.getDriver().close();
  });

  it('a wrong hash_value is an error that leaves no file, and an earlier file of that name untouched', async () => {
    const reference = { ...(await applyFor('GZIP')).json<BillReference>(), hash_value: '0'.repeat(40) };
    const to = join(temp.dir, 'bad.csv');
    writeFileSync(to, 'an earlier bill');
    const failure = await downloadBill(instance, reference, { to, gunzip: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransferException);
    expect(failure).toMatchObject({ code: BILL_HASH_MISMATCH, message: expect.stringMatching(/SHA1 expected 0{40}, got [0-9a-f]{40}; the partial file was removed/) });
    expect(readFileSync(to, 'utf8')).toBe('an earlier bill');
    expect(readdirSync(temp.dir).filter((name) => name.endsWith('.part'))).toEqual([]);

    const fresh = join(temp.dir, 'never.csv');
    await expect(downloadBill(instance, reference, { to: fresh })).rejects.toMatchObject({ code: BILL_HASH_MISMATCH });
    expect(existsSync(fresh)).toBe(false);
  });

  it('writes into a Writable', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
    const reference = (await applyFor()).json<BillReference>();
    const saved = await downloadBill(instance, reference, { to: sink });
    expect(saved.path).toBeUndefined();
    expect(sha1(Buffer.concat(chunks))).toBe(reference.hash_value);
  });

  it('downloadBillSync does the same with the synchronous verbs', () => {
    const answer = instance.v3.bill.tradebill.get({ query: { bill_date: billDate, tar_type: 'GZIP' } });
    const to = join(temp.dir, 'sync.csv');
    const saved = downloadBillSync(instance, answer, { to, gunzip: true });
    expect(saved).toMatchObject({ path: to, gzip: true, gunzipped: true, hashValue: answer.json<BillReference>().hash_value });
    expect(sha1(readFileSync(to))).toBe(answer.json<BillReference>().hash_value);

    const bad = { ...instance.v3.bill.tradebill.get({ query: { bill_date: billDate } }).json<BillReference>(), hash_value: 'ab'.repeat(20) };
    const never = join(temp.dir, 'sync-bad.csv');
    expect(() => downloadBillSync(instance, bad, { to: never })).toThrow(/does not match its hash_value.*nothing was written/);
    expect(existsSync(never)).toBe(false);
  });

  it('refuses incomplete input before sending anything', async () => {
    const reference = (await applyFor()).json<BillReference>();
    const to = join(temp.dir, 'x.csv');
    await expect(downloadBill(instance, { ...reference, hash_value: '' }, { to })).rejects.toThrow(InvalidArgumentException);
    await expect(downloadBill(instance, { ...reference, hash_type: 'NOPE' }, { to })).rejects.toThrow(/hash_type `NOPE`/);
    await expect(downloadBill(instance, { ...reference, download_url: 'ftp://x/y' }, { to })).rejects.toThrow(/http\(s\)/);
    await expect(downloadBill(instance, new Response(200, {}, 'not json'), { to })).rejects.toThrow(/not JSON/);
    await expect(downloadBill({} as BuilderChainable, reference, { to })).rejects.toThrow(/needs the client/);
    await expect(downloadBill(instance, reference, { to: '' })).rejects.toThrow(/`to` must be/);
  });

  it('surfaces an expired or foreign token as the API’s error', async () => {
    const reference = (await applyFor()).json<BillReference>();
    const url = new URL(reference.download_url);
    url.searchParams.set('token', 'expired-token');
    await expect(downloadBill(instance, { ...reference, download_url: url.href }, { to: join(temp.dir, 'e.csv') })).rejects.toMatchObject({
      status: 400,
      errorCode: 'INVALID_REQUEST',
    });
  });
});

/** Above the 64 MiB cap every buffered response has. */
const BIG = 80 * 1024 * 1024;
/**
 * What the process may grow by while an 80 MB bill goes through: half the bill. Measured: the promise verbs
 * ~1 MiB; the sync verb ~33 MiB the first time (its worker's heap settling), then ~1 MiB for any size.
 */
const MEMORY_BOUND = 40 * 1024 * 1024;

const fileDigest = async (path: string, algorithm = 'sha1'): Promise<string> => {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
};
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.part'));

/** Runs `download` and reports how far the process's RSS rose above where it started (the peak, sampled on another thread). */
async function rssGrowth<T>(label: string, download: () => T | Promise<T>, bound = MEMORY_BOUND): Promise<T> {
  collectGarbage();
  const probe = await rssProbe();
  const before = process.memoryUsage.rss();
  const value = await download();
  const growth = (await probe.stop()) - before;
  if (process.env.WECHATPAY_SPEC_FIGURES) process.stderr.write(`${label}: RSS +${(growth / 2 ** 20).toFixed(1)} MiB\n`);
  expect(growth).toBeLessThan(bound);
  return value;
}

/** Progress calls, checked as they come rather than kept (an 80 MB bill makes thousands). */
function progressLog() {
  let calls = 0;
  let last: [number, number] = [0, 0];
  let monotonic = true;
  return {
    onProgress: (processed: number, total: number) => {
      if (processed < last[0]) monotonic = false;
      last = [processed, total];
      calls += 1;
    },
    seen: () => ({ calls, last, monotonic }),
  };
}

describe('large bills stream to their destination', () => {
  let server: BillServer;
  let bigDigest: string;
  const files = tempDir('wechatpay-big-bill-');
  const bill = (token: string, query: Record<string, number> = { size: BIG }, hash_value = bigDigest): BillReference => ({
    download_url: server.url(token, query),
    hash_type: 'SHA1',
    hash_value,
  });

  beforeAll(async () => {
    server = await startBillServer();
    bigDigest = generatedBillDigest(BIG);
  });

  afterAll(async () => {
    await server.stop();
    files.remove();
  });

  it('an 80 MB plain bill streams to its file with flat memory; progress follows the network bytes against Content-Length', async () => {
    const to = join(files.dir, 'big.csv');
    const progress = progressLog();
    const saved = await rssGrowth('downloadBill 80 MB plain', () => downloadBill(instance, bill('plain'), { to, onProgress: progress.onProgress }));
    expect(saved).toEqual({ path: to, bytes: BIG, gzip: false, gunzipped: false, hashType: 'SHA1', hashValue: bigDigest });
    expect(statSync(to).size).toBe(BIG);
    expect(await fileDigest(to)).toBe(bigDigest);
    expect(progress.seen()).toMatchObject({ last: [BIG, BIG], monotonic: true });
    expect(progress.seen().calls).toBeGreaterThan(10);
    expect(leftovers(files.dir)).toEqual([]);
  });

  it('an 80 MB gzip bill is un-gzipped and hashed while it arrives; a chunked answer reports total 0', async () => {
    const to = join(files.dir, 'big-gunzipped.csv');
    const progress = progressLog();
    const saved = await rssGrowth('downloadBill 80 MB gzip+gunzip', () => downloadBill(instance, bill('gzip'), { to, gunzip: true, onProgress: progress.onProgress }));
    expect(saved).toEqual({ path: to, bytes: BIG, gzip: true, gunzipped: true, hashType: 'SHA1', hashValue: bigDigest });
    expect(await fileDigest(to)).toBe(bigDigest);
    const { last, monotonic } = progress.seen();
    expect(monotonic).toBe(true);
    expect(last[1]).toBe(0);
    expect(last[0]).toBeGreaterThan(0);
    expect(last[0]).toBeLessThan(BIG); // network bytes: the compressed size
  });

  it('a gzip bill kept as delivered goes to a Writable as is, its digest taken over the decompressed bytes', async () => {
    const hash = createHash('sha1');
    let bytes = 0;
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (hash.update(chunk), (bytes += chunk.length), done()) });
    const size = 8 * 1024 * 1024;
    const saved = await downloadBill(instance, bill('gzip', { size }, generatedBillDigest(size)), { to: sink });
    expect(saved).toMatchObject({ gzip: true, gunzipped: false, bytes, hashValue: generatedBillDigest(size) });
    expect(bytes).toBeLessThan(size);
    expect(sink.writableFinished).toBe(true);
  });

  it('a wrong hash over a large bill removes the partial file and leaves an earlier file of that name untouched', async () => {
    const to = join(files.dir, 'mismatch.csv');
    writeFileSync(to, 'an earlier bill');
    await expect(downloadBill(instance, bill('plain', { size: BIG }, 'f'.repeat(40)), { to })).rejects.toMatchObject({
      code: BILL_HASH_MISMATCH,
      message: expect.stringContaining('the partial file was removed'),
    });
    expect(readFileSync(to, 'utf8')).toBe('an earlier bill');
    expect(leftovers(files.dir)).toEqual([]);
  });

  // One test per 80 MB bill, as the promise verb's have: each is seconds of CPU (served, checked in chunks,
  // hashed again here) that a loaded machine multiplies. Four bills in one test took 17–24 s at load 13 and
  // ran past jest's 30 s at load 18; one bill takes 5–9 s there.
  describe('downloadBillSync: the worker streams the bill to disk, the calling thread checks it in chunks', () => {
    beforeAll(() => {
      // The sync worker's own start-up is not the download's cost.
      downloadBillSync(instance, bill('plain', { size: 1024 }, generatedBillDigest(1024)), { to: join(files.dir, 'warm.csv') });
    });

    it('an 80 MB plain bill, with progress', async () => {
      const plain = join(files.dir, 'sync-big.csv');
      const progress = progressLog();
      const saved = await rssGrowth('downloadBillSync 80 MB plain', () => downloadBillSync(instance, bill('plain'), { to: plain, onProgress: progress.onProgress }));
      expect(saved).toEqual({ path: plain, bytes: BIG, gzip: false, gunzipped: false, hashType: 'SHA1', hashValue: bigDigest });
      expect(await fileDigest(plain)).toBe(bigDigest);
      expect(progress.seen()).toMatchObject({ last: [BIG, BIG], monotonic: true });
      expect(leftovers(files.dir)).toEqual([]);
    });

    // After the one above, on the same worker.
    it('a second 80 MB bill adds next to nothing: what the first cost was the worker’s heap settling, not the bill', async () => {
      const again = join(files.dir, 'sync-big-again.csv');
      const saved = await rssGrowth('downloadBillSync 80 MB plain, again', () => downloadBillSync(instance, bill('plain'), { to: again }), 8 * 1024 * 1024);
      expect(saved).toMatchObject({ bytes: BIG, hashValue: bigDigest });
      expect(statSync(again).size).toBe(BIG);
    });

    it('an 80 MB gzip bill, un-gzipped', async () => {
      const gunzipped = join(files.dir, 'sync-big-gunzipped.csv');
      const unzipped = await rssGrowth('downloadBillSync 80 MB gzip+gunzip', () => downloadBillSync(instance, bill('gzip'), { to: gunzipped, gunzip: true }));
      expect(unzipped).toEqual({ path: gunzipped, bytes: BIG, gzip: true, gunzipped: true, hashType: 'SHA1', hashValue: bigDigest });
      expect(await fileDigest(gunzipped)).toBe(bigDigest);
      expect(leftovers(files.dir)).toEqual([]);
    });

    it('a gzip bill kept as delivered', () => {
      const kept = join(files.dir, 'sync-kept.csv.gz');
      const size = 4 * 1024 * 1024;
      const compressed = downloadBillSync(instance, bill('gzip', { size }, generatedBillDigest(size)), { to: kept });
      expect(compressed).toMatchObject({ gzip: true, gunzipped: false, bytes: statSync(kept).size });
      expect(createHash('sha1').update(gunzipSync(readFileSync(kept))).digest('hex')).toBe(generatedBillDigest(size));
      expect(leftovers(files.dir)).toEqual([]);
    });
  });

  it('downloadBillSync: a wrong hash (plain or gzip) leaves nothing behind and an earlier file untouched', () => {
    const to = join(files.dir, 'sync-mismatch.csv');
    writeFileSync(to, 'an earlier bill');
    for (const token of ['plain', 'gzip']) {
      expect(() => downloadBillSync(instance, bill(token, { size: 2 * 1024 * 1024 }, '0'.repeat(40)), { to, gunzip: true })).toThrow(
        expect.objectContaining({ code: BILL_HASH_MISMATCH }),
      );
    }
    expect(readFileSync(to, 'utf8')).toBe('an earlier bill');
    expect(leftovers(files.dir)).toEqual([]);
  });

  it('a 4xx on the file URL is still a ClientException carrying its body, under both verbs, and writes nothing', async () => {
    const to = join(files.dir, 'gone.csv');
    const failure = await downloadBill(instance, bill('gone'), { to }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientException);
    expect(failure).toMatchObject({ status: 404, errorCode: 'RESOURCE_NOT_EXISTS' });
    expect((failure as ClientException).getResponse()?.text()).toContain('账单文件不存在');

    let syncFailure: unknown;
    try {
      downloadBillSync(instance, bill('gone'), { to });
    } catch (error) {
      syncFailure = error;
    }
    expect(syncFailure).toBeInstanceOf(ClientException);
    expect((syncFailure as ClientException).getResponse()?.json()).toEqual({ code: 'RESOURCE_NOT_EXISTS', message: '账单文件不存在' });
    expect(existsSync(to)).toBe(false);
    expect(leftovers(files.dir)).toEqual([]);
  });

  it('a download that breaks off after bytes reached the sink is not retried into it; a 503 before any byte is', async () => {
    const retrying = Builder.factory({ ...sandbox.clientConfig(), retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    const to = join(files.dir, 'cut.csv');
    const cut = bill('cut', { size: 8 * 1024 * 1024, at: 1024 * 1024 });
    const failure = await downloadBill(retrying, cut, { to }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectException);
    expect(failure).toMatchObject({ code: 'ERR_WECHATPAY_STREAM_INTERRUPTED', message: expect.stringMatching(/failed while reading the response: the response broke off after \d+ bytes/) });
    expect(await server.hits('cut')).toBe(1);
    expect(() => downloadBillSync(retrying, cut, { to })).toThrow(expect.objectContaining({ code: 'ERR_WECHATPAY_STREAM_INTERRUPTED' }));
    expect(await server.hits('cut')).toBe(2);
    expect(existsSync(to)).toBe(false);
    expect(leftovers(files.dir)).toEqual([]);

    const size = 1024 * 1024;
    const saved = await downloadBill(retrying, bill('busy-once', { size }, generatedBillDigest(size)), { to: join(files.dir, 'busy.csv') });
    expect(saved.bytes).toBe(size);
    expect(await server.hits('busy-once')).toBe(2);
    await retrying.getDriver().close();
  });

  it('a file that claims gzip but does not inflate fails the download, is not retried, and leaves nothing', async () => {
    const to = join(files.dir, 'corrupt.csv');
    for (const gunzip of [true, false]) {
      await expect(downloadBill(instance, bill('corrupt'), { to, gunzip })).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
    }
    expect(await server.hits('corrupt')).toBe(2);
    expect(() => downloadBillSync(instance, bill('corrupt'), { to, gunzip: true })).toThrow(
      expect.objectContaining({ code: 'Z_DATA_ERROR', message: expect.stringMatching(/^The gzip bill could not be decompressed: /) }),
    );
    expect(existsSync(to)).toBe(false);
    expect(leftovers(files.dir)).toEqual([]);
  });

  it('the `sink` verb option: a 2xx body goes to the file or Writable and the Response says how many bytes; sync takes a path only', async () => {
    const driver = instance.getDriver();
    const size = 300 * 1024;
    const { origin } = new URL(server.origin);
    const options = { base_uri: `${origin}/`, query: `token=plain&size=${size}` };
    const file = join(files.dir, 'sink.bin');
    const response = await driver.requestAsync('GET', 'v3/billdownload/file', { ...options, sink: file });
    expect([response.status, response.text(), response.streamedBytes]).toEqual([200, '', size]);
    expect(statSync(file).size).toBe(size);

    const again = driver.request('GET', 'v3/billdownload/file', { ...options, sink: join(files.dir, 'sink-sync.bin') });
    expect(again.streamedBytes).toBe(size);
    expect(() => driver.request('GET', 'v3/billdownload/file', { ...options, sink: new Writable() })).toThrow(/writes a streamed body to a file only/);
    // The file sink is created, never overwritten.
    await expect(driver.requestAsync('GET', 'v3/billdownload/file', { ...options, sink: file, retry: false })).rejects.toMatchObject({
      code: 'ERR_WECHATPAY_SINK_FAILED',
      message: expect.stringContaining('EEXIST'),
    });
    await expect(driver.requestAsync('GET', 'v3/billdownload/file', { ...options, sink: 42 as unknown as string })).rejects.toThrow(/`sink` must be a file path or a Writable/);
  });
});
