/**
 * downloadBill over real HTTP against the sandbox: the apply call, then the unsigned file through the same
 * signed stack; plain and gzip bills, the hash check, and what is left on disk when it fails.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { Builder, InvalidArgumentException, Response, Sandbox, TransferException, closeSyncBridge } from '../../lib';
import type { BuilderChainable } from '../../lib/builder/chainable';
import { BILL_HASH_MISMATCH, downloadBill, downloadBillSync, type BillReference } from '../../lib/files';
import { tempDir } from '../helpers/files-fixtures';
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
