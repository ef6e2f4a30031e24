/**
 * Starts the test APIv3 server (v3-server-worker.cjs) in a worker thread with keys made for this run,
 * and gives back a client config that trusts it: public-key mode (`PUB_KEY_ID_…` → public key PEM) or
 * platform-certificate mode (certificate serial → certificate PEM).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { issueCertificate, randomCertificateSerial } from '../../lib/crypto/x509';
import type { ClientConfig } from '../../lib/client/config';
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';

export type KeyMode = 'pubkey' | 'cert';

export type Scenario =
  | { name: 'ok' }
  | { name: 'never' }
  | { name: 'error'; status?: number; body?: unknown; signed?: boolean }
  | { name: 'tamper' | 'wrong-serial' | 'stale' | 'probe' | 'no-content' | 'unsigned-file'; once?: boolean }
  | { name: 'missing-header'; header?: string; once?: boolean }
  | { name: 'redirect'; location: string; status?: number; once?: boolean };

export interface RecordedRequest {
  method: string;
  target: string;
  headers: string[];
  body: string;
  authorization: string;
  /** The client's end of the connection: requests with the same port came over one kept-alive connection. */
  remotePort: number;
}

export interface V3Server {
  readonly baseUri: string;
  readonly config: ClientConfig;
  readonly mode: KeyMode;
  readonly platformSerial: string;
  scenario(s: Scenario & { once?: boolean }): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

interface Pems {
  privateKey: string;
  publicKey: string;
}

function keyPair(): Pems {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

let shared: { merchant: Pems; platform: Pems } | undefined;

/** RSA keygen is the slow part: one merchant and one platform pair per test file. */
function keys() {
  return (shared ??= { merchant: keyPair(), platform: keyPair() });
}

export interface V3ServerOptions {
  /** How long the server keeps an idle connection (default 2 s); longer lets a spec see connections reused. */
  readonly keepAliveTimeoutMs?: number;
  /** Close a connection idle this long, by FIN (`end`) or RST (`reset`), without a `Keep-Alive: timeout=` hint. */
  readonly idleClose?: { readonly afterMs: number; readonly how: 'end' | 'reset' };
}

export async function startV3Server(mode: KeyMode = 'pubkey', options: V3ServerOptions = {}): Promise<V3Server> {
  const { merchant, platform } = keys();
  const mchid = '1900000109';
  const platformSerial = mode === 'pubkey' ? `PUB_KEY_ID_0114232134912410000000000000${randomBytes(2).toString('hex').toUpperCase()}` : randomCertificateSerial();
  const platformPem =
    mode === 'pubkey'
      ? platform.publicKey
      : issueCertificate({
          subject: { CN: 'Tenpay.com sign', O: 'Tenpay.com', OU: 'Tenpay.com CA Center', C: 'CN', L: 'ShenZhen' },
          publicKeyPem: platform.publicKey,
          serial: platformSerial,
          selfSigningKeyPem: platform.privateKey,
        });

  const worker = new Worker(join(__dirname, 'v3-server-worker.cjs'), {
    workerData: { merchantPublicPem: merchant.publicKey, platformPrivatePem: platform.privateKey, platformSerial, mchid, keepAliveTimeoutMs: options.keepAliveTimeoutMs, idleClose: options.idleClose },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  const baseUri = `http://127.0.0.1:${port}/`;

  return {
    baseUri,
    mode,
    platformSerial,
    config: {
      mchid,
      serial: randomCertificateSerial(),
      privateKey: merchant.privateKey,
      certs: { [platformSerial]: platformPem },
      base_uri: baseUri,
    },
    async scenario(s) {
      await request(`${baseUri}__control`, { method: 'POST', body: JSON.stringify(s) }).then((r) => r.body.dump());
    },
    async requests() {
      const r = await request(`${baseUri}__requests`);
      return (await r.body.json()) as RecordedRequest[];
    },
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** For one spec file: a server and a client on it, started before its tests and stopped after them. */
export function withV3Server(mode: KeyMode = 'pubkey'): { readonly server: V3Server; readonly instance: BuilderChainable } {
  const context = {} as { server: V3Server; instance: BuilderChainable };
  beforeAll(async () => {
    context.server = await startV3Server(mode);
    context.instance = Builder.factory(context.server.config);
  });
  afterAll(async () => {
    await context.server.close();
    closeSyncBridge();
  });
  return context;
}

/** `withV3Server` read through a function, for specs that only need the server. */
export function v3ServerForSuite(mode: KeyMode = 'pubkey'): () => V3Server {
  const context = withV3Server(mode);
  return () => context.server;
}
