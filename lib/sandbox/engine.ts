/**
 * The running sandbox on the thread that starts it: the HTTP server, the state, the signer, the
 * one-shot response faults and the test hooks. `Sandbox` drives one of these directly, or through
 * a worker thread (worker-host.ts) so that synchronous verbs of the same process can reach it.
 */
import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa';
import { InvalidArgumentException } from '../errors';
import { answerApiCall, type ApiContext } from './api-call';
import { BillStore } from './bill-store';
import { catalogRoutes } from './catalog';
import type { IncomingCall } from './incoming-call';
import { MAX_CLOCK_OFFSET_SECONDS } from './authorization';
import { CONSOLE_PATH, SandboxConsole } from './console/console';
import type { SignatureVerdict } from './doctor/checked';
import { combineView, completeSignUp, markCombinePaid, markOrderPaid, routes, transactionView } from './handlers';
import { HOOK_PREFIX, answerHookCall, type SandboxHooks } from './hooks';
import { listen, type RunningServer } from './http-server';
import { isLoopbackUrl, Notifier, type DeliveryAttempt, type DeliveryState, type NotificationSpec } from './notifier';
import type { SandboxKeys } from './keys';
import { encodeReply, type ResponseFaults, type WireReply } from './outgoing';
import { ReplayGuard } from './replay-guard';
import type { PlatformSigner } from './response-signer';
import { nextPlatformIdentity, type PlatformIdentity } from './rotation';
import { Router } from './router';
import { saveRotatedKeys } from './sandbox-json';
import { seedData } from './seed';
import { SandboxState, type AuthState } from './state';
import type { SandboxMode, SandboxWorld } from './world';

export interface EngineOptions {
  readonly port: number;
  readonly host: string;
  readonly mode: SandboxMode;
  readonly keys: SandboxKeys;
  readonly dataFile?: string;
  readonly unknownOpenid: 'unauthorized' | 'not_found';
  readonly now?: () => number;
  /** Multiplies WeChat Pay's notification retry intervals (1 = the real 15 s … 6 h schedule). */
  readonly notifyTimeScale?: number;
  /** Where the keys are saved, named in the console's `sandbox.json`. */
  readonly keysDir?: string;
  /** Told the new key set after every change (a rotation from the console, a hook or the API). */
  readonly onKeysChanged?: (keys: SandboxKeys) => void;
}

/** A notification the sandbox sent, as plain data (it crosses from the worker thread). */
export interface NotificationRecord {
  readonly id: string;
  readonly url: string;
  readonly eventType: string;
  readonly state: DeliveryState;
  readonly attempts: readonly DeliveryAttempt[];
}

/** A contract as the sign-up hook leaves it. */
export interface SignedContract {
  appid: string;
  openid: string;
  auth_state: AuthState;
  individual_auth_id: string;
  operation_time: string;
}

/** What `Sandbox` needs from a running sandbox, wherever it runs. */
export interface SandboxEngine {
  readonly baseUri: string;
  /** The console page, token-free: the page itself carries the token. */
  readonly consoleUrl: string;
  signContract(ref: string, options: { appid?: string; openid?: string }): SignedContract;
  markPaid(outTradeNo: string, options: { openid?: string }): Record<string, unknown>;
  markCombinePaid(combineOutTradeNo: string, options: { openid?: string }): Record<string, unknown>;
  tamperNextResponse(): void;
  probeNextResponse(): void;
  rotatePlatformCertificate(): PlatformIdentity;
  /** The keys in force now: after a rotation from anywhere (console, hook, API), the new platform certificate. */
  currentKeys(): SandboxKeys;
  notifications(): NotificationRecord[];
  stop(): Promise<void>;
}

export class LocalEngine implements SandboxEngine {
  readonly #world: SandboxWorld;
  readonly #server: RunningServer;
  #signer: PlatformSigner;
  /** By serial or key id; a rotation adds the new platform key. */
  readonly #decryptionKeys: Map<string, KeyObject>;
  readonly #faults: ResponseFaults = { tamper: false, probe: false };
  readonly #api: ApiContext;
  readonly #hooks: SandboxHooks;
  readonly #notifier: Notifier;
  readonly #console: SandboxConsole;
  /** The verdict of the APIv3 call being answered (answers are synchronous, one at a time). */
  #verdict: SignatureVerdict | undefined;
  readonly #onKeysChanged: ((keys: SandboxKeys) => void) | undefined;
  /** Where the keys were loaded from: a rotation is written back, so a restart signs with the new certificate. */
  readonly #keysDir: string | undefined;

  static async start(options: EngineOptions): Promise<LocalEngine> {
    let baseUri = '';
    const world: SandboxWorld = {
      state: SandboxState.open(options.dataFile, seedData),
      keys: options.keys,
      retiredPlatforms: [],
      mode: options.mode,
      now: options.now ?? Date.now,
      baseUri: () => baseUri,
      unknownOpenid: options.unknownOpenid,
      bills: new BillStore(),
      notify: (spec) => engine!.notify(spec),
    };
    let engine: LocalEngine | undefined;
    const server = await listen(
      options.port,
      options.host,
      (call) => engine!.#respond(call),
      (call, response) => engine!.#console.intercept(call, response),
    );
    baseUri = `http://${advertisedHost(options.host)}:${server.port}/`;
    engine = new LocalEngine(world, server, options);
    return engine;
  }

  private constructor(world: SandboxWorld, server: RunningServer, options: EngineOptions) {
    const notifyTimeScale = options.notifyTimeScale ?? 1;
    this.#world = world;
    this.#server = server;
    this.#onKeysChanged = options.onKeysChanged;
    this.#keysDir = options.keysDir;
    const { keys } = world;
    const platformKey = Rsa.from(keys.platform.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    const publicKeyKey = Rsa.from(keys.publicKey.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    this.#signer =
      world.mode === 'pubkey' ? { serial: keys.publicKey.id, privateKey: publicKeyKey } : { serial: keys.platform.serial, privateKey: platformKey };
    this.#api = {
      world,
      // The catalogue's descriptions load when a request first needs them, behind the hand-written handlers.
      router: new Router(routes, catalogRoutes),
      merchant: {
        mchid: keys.mchid,
        serial: keys.merchant.serial,
        publicKey: Rsa.from(keys.merchant.certificatePem, Rsa.KEY_TYPE_PUBLIC),
      },
      replays: new ReplayGuard(MAX_CLOCK_OFFSET_SECONDS),
      // Sensitive fields may be encrypted for either key while a merchant migrates between modes.
      decryptionKeys: (this.#decryptionKeys = new Map([
        [keys.platform.serial, platformKey],
        [keys.publicKey.id, publicKeyKey],
      ])),
      onSignatureVerdict: (verdict) => (this.#verdict = verdict),
    };
    this.#notifier = new Notifier({
      privateKey: this.#signer.privateKey,
      serial: this.#signer.serial,
      apiv3Key: keys.apiv3Key,
      timeScale: notifyTimeScale,
      now: () => Math.floor(world.now() / 1000),
      onChange: () => this.#console?.changed('notifications'),
    });
    this.#hooks = {
      notifications: () => this.notifications(),
      signContract: (ref, options) => this.signContract(ref, options),
      markPaid: (outTradeNo, options) => this.markPaid(outTradeNo, options),
      markCombinePaid: (combineOutTradeNo, options) => this.markCombinePaid(combineOutTradeNo, options),
      tamperNextResponse: () => this.tamperNextResponse(),
      probeNextResponse: () => this.probeNextResponse(),
      rotatePlatformCertificate: () => ({ platform_serial: this.rotatePlatformCertificate().serial }),
      settings: () => ({
        base_uri: this.baseUri,
        mode: world.mode,
        mchid: keys.mchid,
        merchant_serial: keys.merchant.serial,
        platform_serial: this.#signer.serial,
        console: this.consoleUrl,
      }),
    };
    this.#console = new SandboxConsole(
      {
        world,
        notifier: this.#notifier,
        notifyTimeScale,
        keysDir: options.keysDir,
        markPaid: (outTradeNo, markOptions) => this.markPaid(outTradeNo, markOptions),
        markCombinePaid: (combineOutTradeNo, markOptions) => this.markCombinePaid(combineOutTradeNo, markOptions),
        signContract: (ref, signOptions) => this.signContract(ref, signOptions),
        rotatePlatformCertificate: () => this.rotatePlatformCertificate(),
      },
      options.host,
    );
  }

  get baseUri(): string {
    return this.#world.baseUri();
  }

  get consoleUrl(): string {
    return `${this.baseUri.slice(0, -1)}${CONSOLE_PATH}`;
  }

  signContract(ref: string, options: { appid?: string; openid?: string }): SignedContract {
    const contract = completeSignUp(this.#world, ref, options);
    return { ...contract, individual_auth_id: contract.individual_auth_id ?? '' };
  }

  markPaid(outTradeNo: string, options: { openid?: string }): Record<string, unknown> {
    const order = markOrderPaid(this.#world, outTradeNo, options);
    const view = transactionView(order);
    if (order.notify_url) this.notify({ url: order.notify_url, eventType: 'TRANSACTION.SUCCESS', resource: view });
    return view;
  }

  /** Pays every sub-order at once; the combine payment notification carries them all. */
  markCombinePaid(combineOutTradeNo: string, options: { openid?: string }): Record<string, unknown> {
    const record = markCombinePaid(this.#world, combineOutTradeNo, options);
    const view = combineView(record);
    if (record.notify_url) this.notify({ url: record.notify_url, eventType: 'TRANSACTION.SUCCESS', resource: view });
    return view;
  }

  /** Every notification sent so far, with its attempts. */
  notifications(): NotificationRecord[] {
    return this.#notifier.deliveries.map(({ id, url, eventType, state, attempts }) => ({ id, url, eventType, state, attempts: [...attempts] }));
  }

  tamperNextResponse(): void {
    this.#faults.tamper = true;
  }

  probeNextResponse(): void {
    this.#faults.probe = true;
  }

  /** Cert mode: a new platform certificate signs every later response; `/v3/certificates` lists it beside the old. */
  rotatePlatformCertificate(): PlatformIdentity {
    const world = this.#world;
    if (world.mode !== 'cert') throw new InvalidArgumentException('rotatePlatformCertificate() needs a sandbox in cert mode (pubkey mode has no platform certificate).');
    const next = nextPlatformIdentity();
    world.retiredPlatforms.unshift(world.keys.platform);
    world.keys = { ...world.keys, platform: next };
    const privateKey = Rsa.from(next.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    this.#signer = { serial: next.serial, privateKey };
    this.#decryptionKeys.set(next.serial, privateKey);
    this.#notifier.useSigningKey(privateKey, next.serial);
    if (this.#keysDir !== undefined) saveRotatedKeys(this.#keysDir, this.baseUri, world.mode, world.keys);
    this.#onKeysChanged?.(world.keys);
    return next;
  }

  currentKeys(): SandboxKeys {
    return this.#world.keys;
  }

  async stop(): Promise<void> {
    this.#console.close();
    await this.#notifier.stop();
    await this.#server.close();
  }

  /** Only loopback receivers get notifications: a docs-style `https://example.com/notify` is skipped, never contacted. */
  notify(spec: NotificationSpec): void {
    if (isLoopbackUrl(spec.url)) this.#notifier.send(spec);
  }

  #respond(call: IncomingCall): WireReply {
    const started = performance.now();
    const nowSeconds = Math.floor(this.#world.now() / 1000);
    const path = call.target.split('?')[0]!;
    const hook = path === HOOK_PREFIX || path.startsWith(`${HOOK_PREFIX}/`);
    this.#verdict = undefined;
    const reply = hook ? (this.#console.refuseHook(call) ?? answerHookCall(call, this.#hooks)) : answerApiCall(call, this.#api);
    const wire = encodeReply(reply, this.#signer, nowSeconds, this.#faults);
    const verdict = this.#verdict as SignatureVerdict | undefined;
    this.#console.record({
      method: call.method,
      target: call.target,
      requestHeaders: call.headers,
      requestBody: call.body,
      status: wire.status,
      responseHeaders: wire.headers,
      responseBody: wire.body,
      latencyMs: performance.now() - started,
      verdict: hook ? 'unsigned' : (verdict?.verdict ?? 'unchecked'),
      ...(verdict?.verdict === 'refused' ? { diagnosis: verdict.diagnosis } : {}),
    });
    return wire;
  }
}

/**
 * The host the sandbox's URLs name. Bound to every interface (`0.0.0.0`, `::`), it is still reached on the
 * loopback address, and that is the only name the console answers to (it refuses others, against DNS rebinding).
 */
function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
