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
 * The bill is never held whole: the answer streams into the request's `sink` (no 64 MiB cap). The
 * promise verb hashes, un-gzips and writes it while it arrives (bill-sink.ts); the synchronous verb's
 * worker writes the raw file, which is then checked in chunks on the calling thread (bill-file-check.ts).
 * A 2xx that started streaming is never retried into the same sink; failures before it are, as usual.
 */
import { getHashes } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { BuilderChainable } from '../builder/chainable';
import { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import { InvalidArgumentException } from '../errors';
import type { Response } from '../message/response';
import { resolveBill, type BillReference, type ResolvedBill } from './bill-reference';
import { checkFileSync } from './bill-file-check';
import { BillSink } from './bill-sink';
import { checkDigest, expectStreamed, temporarySibling, type ProgressListener } from './bill-stages';

export type { BillReference } from './bill-reference';
export { BILL_HASH_MISMATCH } from './bill-stages';

/** The client to download with: any chain node (`instance`) or its driver. */
export type BillClient = BuilderChainable | ClientDecorator;

export interface DownloadBillOptions {
  /** A file path (written whole or not at all), or a Writable (receives the bytes as they arrive; ended at the end). */
  to: string | Writable;
  /** Write the decompressed bill when the file is gzip (`tar_type=GZIP`); by default the file is saved as delivered. */
  gunzip?: boolean;
  /**
   * Called as the download proceeds: `processed` of `total` bytes of the response body (`total` from its
   * Content-Length, 0 when none was declared). The synchronous verb calls it while checking the saved file.
   */
  onProgress?: ProgressListener;
  /** Seconds for the download request, as Guzzle's `timeout` (the whole transfer: raise it for a large bill on a slow link). */
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

/** Downloads with the promise verb; resolves once the bill is written and its digest matched. */
export async function downloadBill(client: BillClient, bill: BillReference | Response, options: DownloadBillOptions): Promise<DownloadBillResult> {
  const { driver, resolved, settings } = prepare(client, bill, options);
  const target = settings.to;
  const temporary = typeof target === 'string' ? temporarySibling(target) : undefined;
  const sink = new BillSink({
    algorithm: resolved.algorithm,
    gunzip: settings.gunzip,
    onProgress: settings.onProgress,
    openTarget: () => (temporary === undefined ? (target as Writable) : createWriteStream(temporary, { flags: 'wx' })),
  });
  try {
    const response = await driver.requestAsync('GET', ...request(resolved, settings, sink));
    const written = sink.outcome();
    if (written === undefined) expectStreamed(response);
    const outcome = await written!;
    checkDigest(resolved, outcome.digest, temporary !== undefined ? 'the partial file was removed' : 'the bytes already written to the stream are not the bill');
    if (temporary !== undefined) await rename(temporary, target as string);
    return result(resolved, target, outcome.bytes, outcome.gzip, outcome.gunzipped, outcome.digest);
  } catch (error) {
    await sink.settled();
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Downloads with the synchronous verb (blocks); `to` must be a path. The worker thread streams the raw
 * file to a temporary sibling; it is then checked (and un-gzipped) in chunks, and renamed into place.
 */
export function downloadBillSync(client: BillClient, bill: BillReference | Response, options: DownloadBillOptions & { to: string }): DownloadBillResult {
  const { driver, resolved, settings } = prepare(client, bill, options);
  const target = settings.to;
  if (typeof target !== 'string') throw new InvalidArgumentException('downloadBillSync writes to a file: give `to` as a path (use downloadBill for a Writable).');
  const raw = temporarySibling(target);
  const decompressed = settings.gunzip ? temporarySibling(target) : undefined;
  try {
    expectStreamed(driver.request('GET', ...request(resolved, settings, raw)));
    const checked = checkFileSync(raw, resolved.algorithm, decompressed, settings.onProgress);
    checkDigest(resolved, checked.digest, 'nothing was written');
    renameSync(checked.output, target);
    return result(resolved, target, checked.bytes, checked.gzip, checked.output === decompressed, checked.digest);
  } finally {
    // Whatever was not renamed into place; a file that was is gone from here already.
    rmSync(raw, { force: true });
    if (decompressed !== undefined) rmSync(decompressed, { force: true });
  }
}

interface Settings {
  readonly to: string | Writable;
  readonly gunzip: boolean;
  readonly onProgress: ProgressListener | undefined;
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
 * applies), its query string as written (the token must not be re-encoded), its origin as the base URI;
 * and the sink the answer streams into instead of memory.
 */
function request(bill: ResolvedBill, settings: Settings, sink: string | Writable): [string, VerbOptions] {
  const options: VerbOptions = { base_uri: `${bill.url.origin}/`, sink };
  if (bill.url.search.length > 1) options.query = bill.url.search.slice(1);
  if (settings.timeout !== undefined) options.timeout = settings.timeout;
  return [bill.url.pathname.replace(/^\/+/, ''), options];
}

function result(bill: ResolvedBill, to: string | Writable, bytes: number, gzip: boolean, gunzipped: boolean, hashValue: string): DownloadBillResult {
  return { ...(typeof to === 'string' ? { path: to } : {}), bytes, gzip, gunzipped, hashType: bill.hashType, hashValue };
}
