/**
 * Platform certificates that look after themselves, per merchant (no process-wide registry: two merchants
 * in one process are two managers). The manager:
 *   - downloads `GET /v3/certificates` at start through a client of its own, verifying the answer with the
 *     certificates it carries (decrypted with the APIv3 key just before the verifier looks);
 *   - refreshes at least every `refreshIntervalMs` (12 h) and once the newest certificate nears expiry;
 *   - when a response names a serial it does not know, fetches once (single-flight, at most once per
 *     `retryAfterMs`) — promise verbs wait for it through the verifier's `refresh` hook;
 *   - keeps `fixed` keys (a `PUB_KEY_ID_…` public key) beside the downloaded ones;
 *   - keeps the last good set when a refresh fails;
 *   - shares downloads through a store (memory by default; a FileStore or RedisStore for many processes);
 *   - starts without error for a public-key-only merchant (404 RESOURCE_NOT_EXISTS), given its public key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ClientDecorator } from '../client/client-decorator';
import { CertificateStore, type CertificateSource } from '../keys/certificate-store';
import type { ClientConfig, KeyLike } from '../client/config';
import { Rsa } from '../crypto/rsa';
import { ClientException, InvalidArgumentException } from '../errors';
import { positiveNumber } from '../errors/argument';
import { loadKey } from '../keys/load-key';
import type { Response } from '../message/response';
import { registerSecret } from '../redact';
import { STORE_PREFIX, type KeyValueStore } from '../stores/key-value-store';
import { MemoryStore } from '../stores/memory-store';
import { certificateDecrypter } from './decrypt-certificates';
import { parseSnapshot, serializeSnapshot, type CertificateSnapshot, type DownloadedCertificate } from './snapshot';

const TRANSPORT_OPTIONS = ['base_uri', 'backup_base_uri', 'proxy', 'timeout', 'connect_timeout', 'read_timeout', 'headers_timeout', 'ca', 'dispatcher', 'retry', 'debug'] as const;

/** How the manager's own client reaches WeChat Pay: the same settings as the main client's. */
export type DownloadClientOptions = Pick<ClientConfig, (typeof TRANSPORT_OPTIONS)[number]>;

export interface CertificateManagerOptions extends DownloadClientOptions {
  readonly mchid: string;
  /** Serial of the merchant API certificate (signs the download request). */
  readonly serial: string;
  readonly privateKey: KeyLike;
  /** The APIv3 key (32 bytes) that decrypts the certificates. */
  readonly apiv3Key: string;
  /** Keys kept beside the downloaded ones, by serial or `PUB_KEY_ID_…`. */
  readonly fixed?: Readonly<Record<string, KeyLike>>;
  /** Where downloads are kept and shared. Default: this process's memory. */
  readonly store?: KeyValueStore;
  /** Longest time between downloads. Default 12 h. */
  readonly refreshIntervalMs?: number;
  /** Refresh once the newest certificate has less than this left. Default 7 days. */
  readonly expiryMarginMs?: number;
  /** Least time between two download attempts outside the schedule (unknown serial, after a failure). Default 60 s. */
  readonly retryAfterMs?: number;
  /** Told about every failed background refresh (the last good set stays in use). */
  readonly onRefreshError?: (error: unknown) => void;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

const HOUR = 3_600_000;

/** How a download ended: the verified answer, or why not. */
type Outcome = { readonly response: Response } | { readonly error: unknown };
/** setTimeout's largest delay; longer schedules are re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class CertificateManager implements CertificateSource {
  readonly #mchid: string;
  readonly #fixed: ReadonlyMap<string, KeyObject>;
  readonly #store: KeyValueStore;
  readonly #storeKey: string;
  readonly #client: ClientDecorator;
  readonly #intervalMs: number;
  readonly #marginMs: number;
  readonly #retryAfterMs: number;
  readonly #onRefreshError: ((error: unknown) => void) | undefined;
  readonly #now: () => number;
  /** Downloaded and not expired, by serial. Replaced whole by each good download, never patched. */
  #downloaded = new Map<string, { readonly key: KeyObject; readonly certificate: DownloadedCertificate }>();
  #snapshot: CertificateSnapshot | undefined;
  /** What the manager's own verifier trusts during a download: current keys plus what the answer carries. */
  #staging = new CertificateStore();
  readonly #decrypted = new WeakMap<Response, DownloadedCertificate[]>();
  #inflight: Promise<void> | undefined;
  #lastAttemptAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #downloads = 0;
  #lastError: unknown;

  /** Builds a manager and loads its first set (from the store when fresh, else by downloading). */
  static async create(options: CertificateManagerOptions): Promise<CertificateManager> {
    const manager = new CertificateManager(options);
    await manager.#start();
    return manager;
  }

  private constructor(options: CertificateManagerOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentException('CertificateManager.create(options) needs an options object.');
    if (typeof options.apiv3Key !== 'string' || Buffer.byteLength(options.apiv3Key) !== 32) {
      throw new InvalidArgumentException('The APIv3 key aka `apiv3Key` is required to decrypt platform certificates: 32 bytes, set in the merchant portal.');
    }
    registerSecret(options.apiv3Key);
    this.#fixed = new Map(Object.entries(options.fixed ?? {}).map(([serial, key]) => [serial, loadKey(key, Rsa.KEY_TYPE_PUBLIC, `\`fixed['${serial}']\``)]));
    this.#store = options.store ?? new MemoryStore();
    this.#intervalMs = positiveNumber(options.refreshIntervalMs, '`refreshIntervalMs` (milliseconds)', 12 * HOUR);
    this.#marginMs = positiveNumber(options.expiryMarginMs, '`expiryMarginMs` (milliseconds)', 7 * 24 * HOUR);
    this.#retryAfterMs = positiveNumber(options.retryAfterMs, '`retryAfterMs` (milliseconds)', 60_000);
    this.#onRefreshError = options.onRefreshError;
    this.#now = options.now ?? Date.now;

    const { mchid, serial, privateKey, apiv3Key } = options;
    this.#mchid = mchid;
    const transport = Object.fromEntries(TRANSPORT_OPTIONS.filter((name) => options[name] !== undefined).map((name) => [name, options[name]]));
    const staging: CertificateSource = { get: (s) => this.#staging.get(s), serials: () => this.#staging.serials() };
    this.#client = new ClientDecorator({ ...transport, mchid, serial, privateKey, certs: staging });
    this.#client.select().handler.after('verifier', certificateDecrypter(apiv3Key, (response, certificates) => this.#stage(response, certificates)), 'decrypt_certificates');
    // Sandbox and production answers differ for the same merchant: keep them apart in a shared store.
    this.#storeKey = `${STORE_PREFIX}certificates:${mchid}@${this.#client.config.baseUri.host}`;
  }

  /**
   * The key for `serial`. An unknown serial starts one background fetch (rate-limited) on the next turn of
   * the event loop, by which time the verifier's own `refresh`/`refreshSync` has usually fetched it.
   */
  get(serial: string): KeyObject | undefined {
    const key = this.#fixed.get(serial) ?? this.#valid(serial);
    if (key === undefined) setImmediate(() => this.#known(serial) || this.#refreshInBackground(serial)).unref();
    else if (this.#now() >= this.#dueAt()) this.#refreshInBackground();
    return key;
  }

  serials(): string[] {
    return [...new Set([...this.#fixed.keys(), ...this.#downloaded.keys()])];
  }

  /**
   * The verifier's hook under promise verbs: when `serial` is unknown, loads once (from the store if another
   * process already fetched it, else by downloading; at most once per `retryAfterMs`). Never rejects: a
   * failure is kept as `lastError` and the current set stays.
   */
  async refresh(serial?: string): Promise<void> {
    if (serial !== undefined && this.#known(serial)) return;
    if (this.#inflight) {
      // Whatever runs now may bring the serial; if not, one more load of our own (rate-limited) may.
      await this.#inflight.catch(() => undefined);
      if (serial === undefined || this.#known(serial)) return;
    }
    if (this.#rateLimited()) return;
    await this.#load(serial).catch((error: unknown) => this.#report(error));
  }

  /**
   * The verifier's hook under synchronous verbs: the same fetch, made with the synchronous verb (the thread
   * is blocked anyway). It cannot read an asynchronous store first; it writes the result there afterwards.
   */
  refreshSync(serial: string): void {
    if (this.#closed || this.#known(serial) || this.#rateLimited()) return;
    this.#beginDownload();
    let outcome: Outcome;
    try {
      outcome = { response: this.#client.request('GET', 'v3/certificates') };
    } catch (error) {
      outcome = { error };
    }
    let snapshot: CertificateSnapshot;
    try {
      snapshot = this.#finishDownload(outcome);
    } catch (error) {
      this.#report(error);
      return;
    }
    void this.#writeStore(snapshot);
    this.#schedule();
  }

  /** Downloads now, bypassing the store and the rate limit. Rejects when it fails; the last good set stays. */
  async refreshNow(): Promise<void> {
    await this.#inflight?.catch(() => undefined);
    try {
      await (this.#inflight = this.#track(this.#download()));
    } catch (error) {
      this.#lastError = error;
      throw error;
    }
  }

  /** Downloads made by this manager (not counting sets taken from the store). */
  get downloads(): number {
    return this.#downloads;
  }

  /** The last refresh failure, until a refresh succeeds. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** When the current set was downloaded (by any process sharing the store), ms since the epoch. */
  get fetchedAt(): number | undefined {
    return this.#snapshot?.fetchedAt;
  }

  /** True when WeChat Pay said this merchant has no platform certificates (public-key mode). */
  get publicKeyOnly(): boolean {
    return this.#snapshot?.publicKeyOnly === true;
  }

  /** Stops the refresh timer and closes the download client's connections. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#inflight?.catch(() => undefined);
    await this.#client.close();
  }

  async #start(): Promise<void> {
    try {
      await this.#load();
    } catch (error) {
      this.#lastError = error;
    }
    if (this.#fixed.size === 0 && this.#downloaded.size === 0) {
      await this.#client.close();
      if (this.#lastError !== undefined) throw this.#lastError;
      throw new InvalidArgumentException(
        `Merchant ${this.#mchid} has no platform certificates (public-key mode): give the WeChat Pay public key as \`fixed: { 'PUB_KEY_ID_…': publicKey }\`.`,
      );
    }
    this.#schedule();
  }

  /** A fresh stored set (one naming `wanted`, when given), else a download. Single-flight. */
  #load(wanted?: string): Promise<void> {
    return (this.#inflight ??= this.#track(
      (async () => {
        const stored = parseSnapshot(await this.#readStore());
        if (stored && this.#isFresh(stored) && (wanted === undefined || stored.certificates.some((c) => c.serial === wanted))) {
          this.#adopt(stored);
          return;
        }
        await this.#download();
      })(),
    ));
  }

  async #download(): Promise<void> {
    this.#beginDownload();
    const outcome: Outcome = await this.#client.requestAsync('GET', 'v3/certificates').then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    await this.#writeStore(this.#finishDownload(outcome));
  }

  /** A store that fails (Redis down, disk full) costs sharing, never certificates: reported, then done without. */
  async #readStore(): Promise<string | undefined> {
    try {
      return await this.#store.get(this.#storeKey);
    } catch (error) {
      this.#report(error);
      return undefined;
    }
  }

  async #writeStore(snapshot: CertificateSnapshot): Promise<void> {
    try {
      await this.#store.set(this.#storeKey, serializeSnapshot(snapshot));
    } catch (error) {
      this.#report(error);
    }
  }

  /** Counts the attempt and opens a fresh staging set: current keys, to which the answer will add its own. */
  #beginDownload(): void {
    this.#lastAttemptAt = this.#now();
    this.#downloads += 1;
    this.#staging = new CertificateStore([...this.#fixed, ...[...this.#downloaded].map(([serial, { key }]) => [serial, key] as [string, KeyObject])]);
  }

  /** The answer (or its failure) → the snapshot now in use; a public-key-only merchant's 404 is an empty set. */
  #finishDownload(outcome: Outcome): CertificateSnapshot {
    if ('error' in outcome && !(outcome.error instanceof ClientException && outcome.error.errorCode === 'RESOURCE_NOT_EXISTS')) throw outcome.error;
    const snapshot: CertificateSnapshot =
      'response' in outcome
        ? { fetchedAt: this.#now(), certificates: this.#decrypted.get(outcome.response) ?? [], publicKeyOnly: false }
        : { fetchedAt: this.#now(), certificates: [], publicKeyOnly: true };
    this.#adopt(snapshot);
    return snapshot;
  }

  #stage(response: Response, certificates: DownloadedCertificate[]): void {
    for (const certificate of certificates) this.#staging.set(certificate.serial, createPublicKey(certificate.pem));
    this.#decrypted.set(response, certificates);
  }

  #adopt(snapshot: CertificateSnapshot): void {
    const now = this.#now();
    this.#downloaded = new Map(
      snapshot.certificates.filter((c) => c.expiresAt > now).map((certificate) => [certificate.serial, { key: createPublicKey(certificate.pem), certificate }]),
    );
    this.#snapshot = snapshot;
    this.#lastError = undefined;
  }

  /** Clears the in-flight marker and re-arms the timer whatever the outcome. */
  #track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => {
      if (this.#inflight === tracked) this.#inflight = undefined;
      this.#schedule();
    });
    return tracked;
  }

  /** A load nobody awaits (scheduled, or for an unknown serial under a synchronous verb); failures are reported. */
  #refreshInBackground(wanted?: string): void {
    if (this.#closed || this.#inflight || this.#rateLimited()) return;
    this.#load(wanted).catch((error: unknown) => this.#report(error));
  }

  #report(error: unknown): void {
    this.#lastError = error;
    this.#onRefreshError?.(error);
  }

  #known(serial: string): boolean {
    return this.#fixed.has(serial) || this.#valid(serial) !== undefined;
  }

  #rateLimited(): boolean {
    return this.#now() - this.#lastAttemptAt < this.#retryAfterMs;
  }

  #valid(serial: string): KeyObject | undefined {
    const entry = this.#downloaded.get(serial);
    return entry && entry.certificate.expiresAt > this.#now() ? entry.key : undefined;
  }

  #isFresh(snapshot: CertificateSnapshot): boolean {
    return this.#now() < this.#freshUntil(snapshot);
  }

  #freshUntil(snapshot: CertificateSnapshot): number {
    const newest = Math.max(-Infinity, ...snapshot.certificates.map((c) => c.expiresAt));
    return Math.min(snapshot.fetchedAt + this.#intervalMs, newest === -Infinity ? Infinity : newest - this.#marginMs);
  }

  /** When the next refresh is due: when the set goes stale, but never sooner than `retryAfterMs` after an attempt. */
  #dueAt(): number {
    const stale = this.#snapshot ? this.#freshUntil(this.#snapshot) : -Infinity;
    return Math.max(stale, this.#lastAttemptAt + this.#retryAfterMs);
  }

  #schedule(): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, this.#dueAt() - this.#now()));
    // Unref'd: a refresh schedule must never keep a finished process alive.
    this.#timer = setTimeout(() => (this.#now() >= this.#dueAt() ? this.#refreshInBackground() : this.#schedule()), delay).unref();
  }
}
