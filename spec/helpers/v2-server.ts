/**
 * Starts the test APIv2 server (v2-server-worker.cjs) in a worker thread: plain HTTP, and HTTPS that
 * requires a client certificate issued by a CA made for this run (the merchant certificate of mutual TLS).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';
import type { ClientConfig } from '../../lib/client/config';
import { testConfig } from './config';
import { makeMtlsCertificates, type MtlsCertificates } from './v2-certs';

export type V2Scenario =
  | { name: 'ok' | 'bad-sign' | 'tamper' | 'no-sign' | 'other-algorithm' | 'return-fail' | 'result-fail' | 'result-fail-forged' }
  | { name: 'xxe'; file: string }
  /** result_code FAIL, err_code ORDERPAID, with no sign or with the given one: a forged business result. */
  | { name: 'result-fail-unsigned'; sign?: string }
  | { name: 'http-error'; status?: number };

export interface V2RecordedRequest {
  method: string;
  path: string;
  query: string;
  secure: boolean;
  /** CN of the client certificate presented over HTTPS. */
  clientName: string | null;
  contentType: string | null;
  accept: string | null;
  body: string;
  fields: Record<string, string> | null;
  signType: string;
  /** The server's own check of the request `sign`: 'ok', 'bad', 'missing', … */
  signCheck: string;
}

export interface V2Server {
  readonly mchid: string;
  readonly secret: string;
  readonly httpUri: string;
  readonly httpsUri: string;
  readonly certs: MtlsCertificates;
  /** A client config for this server (HTTP base URI unless overridden), trusting its CA. */
  config(overrides?: Partial<ClientConfig>): ClientConfig;
  /** What goes wrong on the next reply (once). */
  scenario(s: V2Scenario): Promise<void>;
  /** Requests received since the last call. */
  requests(): Promise<V2RecordedRequest[]>;
  close(): Promise<void>;
}

let certificates: MtlsCertificates | undefined;

export async function startV2Server(mchid = '1900000109'): Promise<V2Server> {
  const certs = (certificates ??= makeMtlsCertificates(mchid));
  const secret = randomBytes(16).toString('hex');
  const worker = new Worker(join(__dirname, 'v2-server-worker.cjs'), {
    workerData: { secret, mchid, tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert } },
  });
  const { httpPort, httpsPort } = await new Promise<{ httpPort: number; httpsPort: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const httpUri = `http://127.0.0.1:${httpPort}/`;
  const httpsUri = `https://127.0.0.1:${httpsPort}/`;

  return {
    mchid,
    secret,
    httpUri,
    httpsUri,
    certs,
    config: (overrides = {}) => testConfig({ mchid, secret, base_uri: httpUri, ca: certs.ca.cert, ...overrides }),
    async scenario(s) {
      await request(`${httpUri}__control`, { method: 'POST', body: JSON.stringify(s) }).then((r) => r.body.dump());
    },
    async requests() {
      const r = await request(`${httpUri}__requests`);
      return (await r.body.json()) as V2RecordedRequest[];
    },
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/**
 * The usual spec setup: one test APIv2 server and a client for it for the whole file, closed afterwards,
 * with each test's recorded requests drained. Read `fixture.server` and `fixture.instance` inside tests.
 */
export function useV2Server(): { readonly server: V2Server; readonly instance: BuilderChainable } {
  const fixture = {} as { server: V2Server; instance: BuilderChainable };
  beforeAll(async () => {
    fixture.server = await startV2Server();
    fixture.instance = Builder.factory(fixture.server.config());
  });
  afterAll(async () => {
    await fixture.server.close();
    closeSyncBridge();
  });
  afterEach(() => fixture.server.requests()); // nothing left over for the next test
  return fixture;
}
