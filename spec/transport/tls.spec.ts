/**
 * The TLS settings of AgentOptions (`ca`, `rejectUnauthorized`, client certificate for APIv2 mutual TLS),
 * over HTTPS on 127.0.0.1, through both transports: the sync worker gets them as cloned data.
 */
import { ConnectException } from '../../lib/errors';
import { AsyncTransport, SyncTransport, closeSyncBridge, type AgentOptions, type WireRequest } from '../../lib/transport';
import { makeMtlsCertificates, type MtlsCertificates } from '../helpers/v2-certs';
import { startTransportServer, type TransportServer } from '../helpers/transport-server';

let certs: MtlsCertificates;
let server: TransportServer;
const opened: AsyncTransport[] = [];

beforeAll(async () => {
  certs = makeMtlsCertificates('1900000109');
  server = await startTransportServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert });
});
afterAll(async () => {
  closeSyncBridge();
  await Promise.all(opened.map((transport) => transport.close()));
  await server.close();
});

const whoami = (): WireRequest => ({ method: 'GET', url: `${server.origin}/whoami`, headers: [], body: null, timeoutMs: 5000, maxResponseBytes: 65536 });

/** Sends through both transports and returns both answers (or both errors). */
async function both(agent: AgentOptions): Promise<Array<{ authorized: boolean; cn: string | null } | ConnectException>> {
  const asyncTransport = new AsyncTransport({ agent });
  opened.push(asyncTransport);
  const outcomes: Array<{ authorized: boolean; cn: string | null } | ConnectException> = [];
  for (const send of [() => asyncTransport.send(whoami()), async () => new SyncTransport(agent).send(whoami())]) {
    try {
      outcomes.push(JSON.parse((await send()).body.toString()));
    } catch (error) {
      if (!(error instanceof ConnectException)) throw error;
      outcomes.push(error);
    }
  }
  return outcomes;
}

it('trusts a server whose CA is given in `ca`', async () => {
  expect(await both({ ca: certs.ca.cert })).toEqual([
    { authorized: false, cn: null },
    { authorized: false, cn: null },
  ]);
});

it('refuses an unknown CA with a ConnectException naming the TLS failure', async () => {
  for (const outcome of await both({})) {
    expect(outcome).toBeInstanceOf(ConnectException);
    // The server sends its CA along (it was given one for client certificates), hence "in chain".
    expect((outcome as ConnectException).code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  }
});

it('skips verification with rejectUnauthorized: false', async () => {
  expect(await both({ rejectUnauthorized: false })).toEqual([
    { authorized: false, cn: null },
    { authorized: false, cn: null },
  ]);
});

it('presents the merchant client certificate, as PEM text or bytes', async () => {
  const expected = { authorized: true, cn: '1900000109' };
  expect(await both({ ca: certs.ca.cert, tls: { cert: certs.client.cert, key: certs.client.key } })).toEqual([expected, expected]);
  const bytes = { cert: new Uint8Array(Buffer.from(certs.client.cert)), key: new Uint8Array(Buffer.from(certs.client.key)) };
  expect(await both({ ca: [certs.ca.cert], tls: bytes })).toEqual([expected, expected]);
});
