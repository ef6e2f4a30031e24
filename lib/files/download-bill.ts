/**
 * `downloadBill(instance, bill, { to })`: fetches a bill's `download_url` through the client's own
 * signed stack (the file answer carries no signature; the verifier exempts `v3/billdownload/file`),
 * un-gzips it when asked, and checks the `hash_value` over the bill as generated (decompressed). A
 * bill that does not match is an error and leaves no file behind: a path target is written to a
 * temporary sibling and renamed only once the digest matched.
 *
 *   const answer = await instance.v3.bill.tradebill.getAsync({ query: { bill_date: '2026-11-25', tar_type: 'GZIP' } });
 *   await downloadBill(instance, answer, { to: 'bill.csv', gunzip: true });
 *
 * The transport reads a response whole (up to 64 MiB), so the bill arrives in memory and is then
 * hashed, decompressed and written in chunks; `onProgress` follows that saving. A streaming transport
 * sink would move the same pipeline onto the network bytes without changing this function's shape.
 */
import { createHash, getHashes, randomBytes, type Hash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { BuilderChainable } from '../builder/chainable';
import { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import { InvalidArgumentException, TransferException } from '../errors';
import type { Response } from '../message/response';
import { resolveBill, type BillReference, type ResolvedBill } from './bill-reference';

export type { BillReference } from './bill-reference';

/** The client to download with: any chain node (`instance`) or its driver. */
export type BillClient = BuilderChainable | ClientDecorator;

export interface DownloadBillOptions {
  /** A file path (written whole or not at all), or a Writable (receives the bytes as they are checked; ended at the end). */
  to: string | Writable;
  /** Write the decompressed bill when the file is gzip (`tar_type=GZIP`); by default the file is saved as delivered. */
  gunzip?: boolean;
  /** Called as the downloaded bytes are processed: `processed` of `total` bytes of the response body. */
  onProgress?: (processed: number, total: number) => void;
  /** Milliseconds for the download request. */
  timeout?: number;
}

export interface DownloadBillResult {
  /** The file written, when `to` was a path. */
  readonly path?: string;
  /** Bytes written. */
  readonly bytes: number;
  /** Whether WeChat Pay delivered the bill gzip-compressed. */
  readonly gzip: boolean;
  /** Whether the written bytes are the decompressed bill. */
  readonly gunzipped: boolean;
  /** The digest checked against `hash_value` (lower-case hex), and its type as WeChat Pay names it. */
  readonly hashType: string;
  readonly hashValue: string;
}

export const BILL_HASH_MISMATCH = 'ERR_WECHATPAY_BILL_HASH_MISMATCH';
const CHUNK_BYTES = 64 * 1024;

/** Downloads with the promise verb; resolves once the bill is written and its digest matched. */
export async function downloadBill(client: BillClient, bill: BillReference | Response, options: DownloadBillOptions): Promise<DownloadBillResult> {
  const { driver, resolved, settings } = prepare(client, bill, options);
  const response = await driver.requestAsync('GET', ...request(resolved, settings));
  const body = response.getBody().bytes();
  const gzip = isGzip(body);
  const gunzipped = gzip && settings.gunzip;
  const total = body.length;

  // The digest covers the decompressed bill; a gzip file kept as delivered is hashed on a separate pass.
  const digest = createHash(resolved.algorithm);
  const separateDigest = gzip && !gunzipped ? gunzippedDigest(body, resolved.algorithm) : undefined;
  separateDigest?.catch(() => undefined); // awaited below; never an unhandled rejection if writing fails first
  const stages: NodeJS.ReadWriteStream[] = [progressTap(total, settings.onProgress)];
  if (gunzipped) stages.push(createGunzip());
  if (!separateDigest) stages.push(hashTap(digest));
  const counter = countTap();
  stages.push(counter.stream);

  const target = settings.to;
  const temporary = typeof target === 'string' ? temporarySibling(target) : undefined;
  const sink = temporary === undefined ? (target as Writable) : createWriteStream(temporary, { flags: 'wx' });
  try {
    await pipeline([chunks(body), ...stages, sink]);
    const actual = separateDigest ? await separateDigest : digest.digest('hex');
    checkDigest(resolved, actual, temporary !== undefined ? 'the partial file was removed' : 'the bytes already written to the stream are not the bill');
    if (temporary !== undefined) await rename(temporary, target as string);
    return result(resolved, target, counter.bytes(), gzip, gunzipped, actual);
  } catch (error) {
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw error;
  }
}

/** Downloads with the synchronous verb (blocks); `to` must be a path. */
export function downloadBillSync(client: BillClient, bill: BillReference | Response, options: DownloadBillOptions & { to: string }): DownloadBillResult {
  const { driver, resolved, settings } = prepare(client, bill, options);
  if (typeof settings.to !== 'string') throw new InvalidArgumentException('downloadBillSync writes to a file: give `to` as a path (use downloadBill for a Writable).');
  const response = driver.request('GET', ...request(resolved, settings));
  const body = response.getBody().bytes();
  const gzip = isGzip(body);
  const plain = gzip ? gunzipSync(body) : body;
  const actual = createHash(resolved.algorithm).update(plain).digest('hex');
  checkDigest(resolved, actual, 'nothing was written');
  const output = gzip && settings.gunzip ? plain : body;
  const temporary = temporarySibling(settings.to);
  try {
    writeFileSync(temporary, output, { flag: 'wx' });
    renameSync(temporary, settings.to);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  settings.onProgress?.(body.length, body.length);
  return result(resolved, settings.to, output.length, gzip, gzip && settings.gunzip, actual);
}

interface Settings {
  readonly to: string | Writable;
  readonly gunzip: boolean;
  readonly onProgress: ((processed: number, total: number) => void) | undefined;
  readonly timeout: number | undefined;
}

function prepare(client: BillClient, bill: BillReference | Response, options: DownloadBillOptions) {
  const driver = driverOf(client);
  const resolved = resolveBill(bill, (algorithm) => getHashes().includes(algorithm));
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentException('downloadBill needs options with `to`: a file path or a Writable.');
  const { to, gunzip = false, onProgress, timeout } = options;
  if (!(typeof to === 'string' && to !== '') && !(to instanceof Writable)) {
    throw new InvalidArgumentException('downloadBill: `to` must be a file path or a Writable stream.');
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new InvalidArgumentException('downloadBill: `onProgress` must be a function.');
  const settings: Settings = { to, gunzip: gunzip === true, onProgress, timeout };
  return { driver, resolved, settings };
}

function driverOf(client: BillClient): ClientDecorator {
  if (client instanceof ClientDecorator) return client;
  const driver = typeof client?.getDriver === 'function' ? client.getDriver() : undefined;
  if (!(driver instanceof ClientDecorator)) throw new InvalidArgumentException('downloadBill needs the client: the `instance` from Builder.factory (or any of its nodes).');
  return driver;
}

/**
 * The download as a request of this client: the URL's path as the template (so the verifier's exemption
 * applies), its query string as written (the token must not be re-encoded), its origin as the base URI.
 */
function request(bill: ResolvedBill, settings: Settings): [string, VerbOptions] {
  const options: VerbOptions = { base_uri: `${bill.url.origin}/` };
  if (bill.url.search.length > 1) options.query = bill.url.search.slice(1);
  if (settings.timeout !== undefined) options.timeout = settings.timeout;
  return [bill.url.pathname.replace(/^\/+/, ''), options];
}

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

function chunks(body: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < body.length; at += CHUNK_BYTES) yield body.subarray(at, at + CHUNK_BYTES);
    })(),
    { objectMode: false },
  );
}

async function gunzippedDigest(body: Buffer, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(chunks(body), createGunzip(), hashTap(hash), sinkNothing());
  return hash.digest('hex');
}

const sinkNothing = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

function hashTap(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

function progressTap(total: number, onProgress: Settings['onProgress']): Transform {
  let processed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      processed += chunk.length;
      onProgress?.(processed, total);
      done(null, chunk);
    },
  });
}

function countTap(): { stream: Transform; bytes: () => number } {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, bytes: () => bytes };
}

/** In the target's directory, so the final rename never crosses file systems. */
function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
}

function checkDigest(bill: ResolvedBill, actual: string, outcome: string): void {
  if (actual === bill.hashValue) return;
  throw new TransferException(
    `The downloaded bill does not match its hash_value: ${bill.hashType} expected ${bill.hashValue}, got ${actual}` +
      `; ${outcome}. Apply for the bill again and retry.`,
    { code: BILL_HASH_MISMATCH },
  );
}

function result(bill: ResolvedBill, to: string | Writable, bytes: number, gzip: boolean, gunzipped: boolean, hashValue: string): DownloadBillResult {
  return { ...(typeof to === 'string' ? { path: to } : {}), bytes, gzip, gunzipped, hashType: bill.hashType, hashValue };
}
