/**
 * A local server that speaks WeChat Pay APIv3 as the real one does: it checks every request's
 * signature, clock, nonce and fields, answers with WeChat Pay's bodies and errors, and signs every
 * response with the platform key of its mode. State lives in memory unless a data file is given.
 */
import { InvalidArgumentException } from '../errors';
import { LocalEngine, type EngineOptions, type NotificationRecord, type SandboxEngine, type SignedContract } from './engine';
import { generateSandboxKeys, type SandboxKeys } from './keys';
import { loadSandboxKeys, saveSandboxKeys } from './keystore';
import { WorkerEngine } from './worker-host';
import type { SandboxMode } from './world';

export type { SignedContract } from './engine';

export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** `pubkey` (WeChat Pay public key, the default) or `cert` (platform certificate). */
  mode?: SandboxMode;
  /** Ready keys, e.g. shared between sandboxes of one test file. Wins over `keysDir`. */
  keys?: SandboxKeys;
  /** A directory to load keys from, or to save freshly generated ones into. */
  keysDir?: string;
  /** A JSON file that keeps the state across restarts; in memory only when absent. */
  dataFile?: string;
  /** What `GET …/individual-contracts/{openid}` answers for an openid that never signed. */
  unknownOpenid?: 'unauthorized' | 'not_found';
  /** The clock, in milliseconds like `Date.now`; a function cannot cross threads, so it implies `thread: 'main'`. */
  now?: () => number;
  /**
   * Multiplies WeChat Pay's notification retry schedule (15 s, 15 s, 30 s, 3 min … 6 h): 1, the default,
   * is the real one; 0.001 turns 15 s into 15 ms for tests.
   */
  notifyTimeScale?: number;
  /**
   * Where the server runs. `worker` (the default) keeps answering while this thread is blocked in
   * a synchronous verb; `main` runs it on this thread (promise verbs only, no thread start-up).
   */
  thread?: 'worker' | 'main';
}

/** Exactly what `Builder.factory` needs to talk to this sandbox. */
export interface SandboxClientConfig {
  mchid: string;
  /** Serial of the merchant API certificate. */
  serial: string;
  /** The merchant API private key, PEM (PKCS#8). */
  privateKey: string;
  /** The platform certificate PEM by its serial (cert mode), or the public key PEM by its `PUB_KEY_ID_…`. */
  certs: Record<string, string>;
  /** The APIv2 secret. */
  secret: string;
  base_uri: string;
}

export class Sandbox {
  readonly #engine: SandboxEngine;
  readonly #mode: SandboxMode;

  /** Starts a sandbox and resolves once it listens. */
  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const mode = options.mode ?? 'pubkey';
    if (mode !== 'pubkey' && mode !== 'cert') {
      throw new InvalidArgumentException(`Sandbox mode must be 'pubkey' or 'cert', got '${String(mode)}'.`);
    }
    const unknownOpenid = options.unknownOpenid ?? 'unauthorized';
    if (unknownOpenid !== 'unauthorized' && unknownOpenid !== 'not_found') {
      throw new InvalidArgumentException(`unknownOpenid must be 'unauthorized' or 'not_found', got '${String(unknownOpenid)}'.`);
    }
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InvalidArgumentException(`Sandbox port must be an integer from 0 to 65535, got ${String(port)}.`);
    }
    const thread = options.thread ?? (options.now ? 'main' : 'worker');
    if (thread !== 'worker' && thread !== 'main') {
      throw new InvalidArgumentException(`Sandbox thread must be 'worker' or 'main', got '${String(thread)}'.`);
    }
    if (thread === 'worker' && options.now) {
      throw new InvalidArgumentException("Sandbox option now (a function) cannot cross to a worker thread: use thread: 'main'.");
    }

    const keys = options.keys ?? (await keysFor(options.keysDir));
    const engineOptions: EngineOptions = {
      port,
      host: options.host ?? '127.0.0.1',
      mode,
      keys,
      unknownOpenid,
      ...(options.dataFile === undefined ? {} : { dataFile: options.dataFile }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.notifyTimeScale === undefined ? {} : { notifyTimeScale: options.notifyTimeScale }),
      ...(options.keys === undefined && options.keysDir !== undefined ? { keysDir: options.keysDir } : {}),
    };
    const engine = thread === 'main' ? await LocalEngine.start(engineOptions) : await WorkerEngine.start(engineOptions);
    return new Sandbox(engine, mode);
  }

  private constructor(engine: SandboxEngine, mode: SandboxMode) {
    this.#engine = engine;
    this.#mode = mode;
  }

  /**
   * The keys in force now, read live: a rotation from the console, an HTTP hook or
   * {@link rotatePlatformCertificate} shows at once in `platformSerial`, `platformPem`, `keys` and
   * `clientConfig()`, even when the sandbox runs on a worker thread.
   */
  get #keys(): SandboxKeys {
    return this.#engine.currentKeys();
  }

  /** The web console, `http://127.0.0.1:PORT/sandbox/console`: exchanges, signature doctor, orders, notifications, keys. */
  get consoleUrl(): string {
    return this.#engine.consoleUrl;
  }

  /** `http://127.0.0.1:PORT/`, with the trailing slash `base_uri` wants. */
  get baseUri(): string {
    return this.#engine.baseUri;
  }

  get mode(): SandboxMode {
    return this.#mode;
  }

  /** All key material in force (after any rotation), e.g. to start a second sandbox with the same keys. */
  get keys(): SandboxKeys {
    return this.#keys;
  }

  get mchid(): string {
    return this.#keys.mchid;
  }

  get apiv3Key(): string {
    return this.#keys.apiv3Key;
  }

  get apiv2Secret(): string {
    return this.#keys.apiv2Secret;
  }

  get merchantSerial(): string {
    return this.#keys.merchant.serial;
  }

  get merchantPrivateKeyPem(): string {
    return this.#keys.merchant.privateKeyPem;
  }

  get merchantCertificatePem(): string {
    return this.#keys.merchant.certificatePem;
  }

  /** What responses carry in `Wechatpay-Serial`: the platform certificate serial (the current one, after a rotation) or the `PUB_KEY_ID_…`. */
  get platformSerial(): string {
    return this.#mode === 'pubkey' ? this.#keys.publicKey.id : this.#keys.platform.serial;
  }

  /** The platform certificate PEM (cert mode) or the WeChat Pay public key PEM (pubkey mode). */
  get platformPem(): string {
    return this.#mode === 'pubkey' ? this.#keys.publicKey.publicKeyPem : this.#keys.platform.certificatePem;
  }

  /** Settings for `Builder.factory`, built from the keys in force: call it again after a rotation. */
  clientConfig(): SandboxClientConfig {
    return {
      mchid: this.mchid,
      serial: this.merchantSerial,
      privateKey: this.merchantPrivateKeyPem,
      certs: { [this.platformSerial]: this.platformPem },
      secret: this.apiv2Secret,
      base_uri: this.baseUri,
    };
  }

  /**
   * Plays the user completing the sign-up: `ref` is an `out_contract_code` from a pre-sign call, or
   * an openid to authorize directly (under `options.appid`, the seed's appid by default).
   */
  signContract(ref: string, options: { appid?: string; openid?: string } = {}): SignedContract {
    if (typeof ref !== 'string' || ref === '') throw new InvalidArgumentException('signContract needs an out_contract_code or an openid.');
    return this.#engine.signContract(ref, options);
  }

  /** Plays the payer paying the open order `outTradeNo`; returns the order as the query answers it. */
  markPaid(outTradeNo: string, options: { openid?: string } = {}): Record<string, unknown> {
    return this.#engine.markPaid(outTradeNo, options);
  }

  /**
   * Plays the payer paying the open combine order `combineOutTradeNo`: every sub-order becomes SUCCESS, and
   * the combine payment notification (`combine_out_trade_no`, `sub_orders[]`, …) goes to its `notify_url`.
   * Returns the combine order as the query answers it. A mini-program order keeps the payer it named.
   */
  markCombinePaid(combineOutTradeNo: string, options: { openid?: string } = {}): Record<string, unknown> {
    return this.#engine.markCombinePaid(combineOutTradeNo, options);
  }

  /** The next signed response has a byte of its body flipped after signing. */
  tamperNextResponse(): void {
    this.#engine.tamperNextResponse();
  }

  /** The next signed response carries a `WECHATPAY/SIGNTEST/…` probe signature. */
  probeNextResponse(): void {
    this.#engine.probeNextResponse();
  }

  /**
   * Cert mode: a new platform certificate signs every later response, and `/v3/certificates` lists it
   * beside the old one (as WeChat Pay does before a certificate expires). Returns the new serial and PEM.
   */
  rotatePlatformCertificate(): { serial: string; certificatePem: string } {
    const next = this.#engine.rotatePlatformCertificate();
    return { serial: next.serial, certificatePem: next.certificatePem };
  }

  /** Notifications sent so far (mark-paid and refunds with a loopback `notify_url`), with every attempt. */
  notifications(): NotificationRecord[] {
    return this.#engine.notifications();
  }

  /** Stops listening, closes open connections, and ends the worker thread if there is one. */
  stop(): Promise<void> {
    return this.#engine.stop();
  }
}

async function keysFor(keysDir: string | undefined): Promise<SandboxKeys> {
  const saved = keysDir ? loadSandboxKeys(keysDir) : undefined;
  if (saved) return saved;
  const keys = await generateSandboxKeys();
  if (keysDir) saveSandboxKeys(keysDir, keys);
  return keys;
}
