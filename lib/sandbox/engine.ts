/**
 * The running sandbox on the thread that starts it: the HTTP server, the state, the signer, the
 * one-shot response faults and the test hooks. `Sandbox` drives one of these directly, or through
 * a worker thread (worker-host.ts) so that synchronous verbs of the same process can reach it.
 */
import { Rsa } from '../crypto/rsa';
import { answerApiCall, type ApiContext, type IncomingCall } from './api-call';
import { MAX_CLOCK_OFFSET_SECONDS } from './authorization';
import { completeSignUp, markOrderPaid, routes, transactionView } from './handlers';
import { HOOK_PREFIX, answerHookCall, type SandboxHooks } from './hooks';
import { listen, type RunningServer } from './http-server';
import type { SandboxKeys } from './keys';
import { encodeReply, type ResponseFaults, type WireReply } from './outgoing';
import { ReplayGuard } from './replay-guard';
import type { PlatformSigner } from './response-signer';
import { Router } from './router';
import { seedData } from './seed';
import { SandboxState, type AuthState } from './state';
import type { BillFile, SandboxMode, SandboxWorld } from './world';

export interface EngineOptions {
  readonly port: number;
  readonly host: string;
  readonly mode: SandboxMode;
  readonly keys: SandboxKeys;
  readonly dataFile?: string;
  readonly unknownOpenid: 'unauthorized' | 'not_found';
  readonly now?: () => number;
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
  signContract(ref: string, options: { appid?: string; openid?: string }): SignedContract;
  markPaid(outTradeNo: string, options: { openid?: string }): Record<string, unknown>;
  tamperNextResponse(): void;
  probeNextResponse(): void;
  stop(): Promise<void>;
}

export class LocalEngine implements SandboxEngine {
  readonly #world: SandboxWorld;
  readonly #server: RunningServer;
  readonly #signer: PlatformSigner;
  readonly #faults: ResponseFaults = { tamper: false, probe: false };
  readonly #api: ApiContext;
  readonly #hooks: SandboxHooks;

  static async start(options: EngineOptions): Promise<LocalEngine> {
    let baseUri = '';
    const world: SandboxWorld = {
      state: SandboxState.open(options.dataFile, seedData),
      keys: options.keys,
      mode: options.mode,
      now: options.now ?? Date.now,
      baseUri: () => baseUri,
      unknownOpenid: options.unknownOpenid,
      bills: new Map<string, BillFile>(),
    };
    let engine: LocalEngine | undefined;
    const server = await listen(options.port, options.host, (call) => engine!.#respond(call));
    baseUri = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${server.port}/`;
    engine = new LocalEngine(world, server);
    return engine;
  }

  private constructor(world: SandboxWorld, server: RunningServer) {
    this.#world = world;
    this.#server = server;
    const { keys } = world;
    const platformKey = Rsa.from(keys.platform.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    const publicKeyKey = Rsa.from(keys.publicKey.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    this.#signer =
      world.mode === 'pubkey' ? { serial: keys.publicKey.id, privateKey: publicKeyKey } : { serial: keys.platform.serial, privateKey: platformKey };
    this.#api = {
      world,
      router: new Router(routes),
      merchant: {
        mchid: keys.mchid,
        serial: keys.merchant.serial,
        publicKey: Rsa.from(keys.merchant.certificatePem, Rsa.KEY_TYPE_PUBLIC),
      },
      replays: new ReplayGuard(MAX_CLOCK_OFFSET_SECONDS),
      // Sensitive fields may be encrypted for either key while a merchant migrates between modes.
      decryptionKeys: new Map([
        [keys.platform.serial, platformKey],
        [keys.publicKey.id, publicKeyKey],
      ]),
    };
    this.#hooks = {
      signContract: (ref, options) => this.signContract(ref, options),
      markPaid: (outTradeNo, options) => this.markPaid(outTradeNo, options),
      tamperNextResponse: () => this.tamperNextResponse(),
      probeNextResponse: () => this.probeNextResponse(),
      settings: () => ({
        base_uri: this.baseUri,
        mode: world.mode,
        mchid: keys.mchid,
        merchant_serial: keys.merchant.serial,
        platform_serial: this.#signer.serial,
      }),
    };
  }

  get baseUri(): string {
    return this.#world.baseUri();
  }

  signContract(ref: string, options: { appid?: string; openid?: string }): SignedContract {
    const contract = completeSignUp(this.#world, ref, options);
    return { ...contract, individual_auth_id: contract.individual_auth_id ?? '' };
  }

  markPaid(outTradeNo: string, options: { openid?: string }): Record<string, unknown> {
    return transactionView(markOrderPaid(this.#world, outTradeNo, options));
  }

  tamperNextResponse(): void {
    this.#faults.tamper = true;
  }

  probeNextResponse(): void {
    this.#faults.probe = true;
  }

  stop(): Promise<void> {
    return this.#server.close();
  }

  #respond(call: IncomingCall): WireReply {
    const nowSeconds = Math.floor(this.#world.now() / 1000);
    const path = call.target.split('?')[0]!;
    const reply =
      path === HOOK_PREFIX || path.startsWith(`${HOOK_PREFIX}/`) ? answerHookCall(call, this.#hooks) : answerApiCall(call, this.#api);
    return encodeReply(reply, this.#signer, nowSeconds, this.#faults);
  }
}
