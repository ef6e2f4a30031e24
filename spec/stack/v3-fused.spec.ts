/**
 * The default APIv3 stack runs both verb kinds fused into one handler (v3-fused.ts). Every scenario here runs,
 * once with the promise verbs and once with the synchronous ones, through two clients of the same merchant
 * against the same signature-checking server: one with the stack as built (fused), one whose stack holds a
 * transparent entry of the user's (composed, entry by entry), and the two must give the same answers, raise
 * the same errors and put the same requests on the wire.
 */
import { createServer } from 'node:net';
import { Builder, ClientException, closeSyncBridge, ConnectException, Middleware, RequestException, ServerException, VerificationFailure, type BuilderChainable, HandlerStack, type Request, type Response } from '../../lib';
import type { ClientConfig } from '../../lib/client/config';
import { runsFused } from '../../lib/stack/v3-fused';
import { FORGED_ANSWERS, startV3Server, type RecordedRequest, type Scenario, type V3Server } from '../helpers/v3-server';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const options = { openid: OPENID, query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };
const TARGET = `/v3/ecommerce/individual-contracts/${OPENID}?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE`;

let server: V3Server;
let closedBase: string;

beforeAll(async () => {
  server = await startV3Server('pubkey');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  closedBase = `http://127.0.0.1:${port}/`; // nothing listens here: connections are refused
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});

function stackOf(instance: BuilderChainable): HandlerStack {
  return instance.getDriver().select('v3').handler;
}

type Way = 'fused' | 'composed';

/** A client whose v3 stack runs the given way; `overrides` go into its config. */
function client(way: Way, overrides: Partial<ClientConfig> = {}): BuilderChainable {
  const instance = Builder.factory({ ...server.config, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...overrides });
  const stack = stackOf(instance);
  if (way === 'composed') stack.push(Middleware.tap(), 'transparent');
  expect(runsFused(stack.resolve())).toBe(way === 'fused');
  return instance;
}

const seed = (instance: BuilderChainable, extra: Record<string, unknown> = {}) => instance.v3.ecommerce.individualContracts._openid_.getAsync({ ...options, ...extra });

type Kind = 'promise' | 'sync';

/** The calls the scenarios make, with either verb kind; a synchronous call's throw becomes a rejection here. */
type Seed = (instance: BuilderChainable, extra?: Record<string, unknown>) => Promise<Response>;
const verbs: Record<Kind, { seed: Seed; echo: (instance: BuilderChainable, json: unknown) => Promise<Response> }> = {
  promise: {
    seed,
    echo: (instance, json) => instance.chain('v3/echo/{id}').postAsync({ id: 'T1', json }),
  },
  sync: {
    seed: async (instance, extra = {}) => instance.v3.ecommerce.individualContracts._openid_.get({ ...options, ...extra }),
    echo: async (instance, json) => instance.chain('v3/echo/{id}').post({ id: 'T1', json }),
  },
};

/** What an outcome is, without what differs per request (nonces, signatures, timestamps, ids). */
function summary(outcome: Response | unknown): unknown {
  if (outcome instanceof Error) {
    const e = outcome as RequestException & { status?: number; errorCode?: string; attempts?: unknown[] };
    const response = e instanceof RequestException ? e.getResponse() : undefined;
    return {
      class: e.constructor.name,
      code: e.code,
      status: response?.getStatusCode(),
      errorCode: e.errorCode,
      attempts: e.attempts?.length,
      target: e instanceof RequestException ? e.getRequest().getRequestTarget() : undefined,
      message: e.message.replace(/127\.0\.0\.1:\d+/g, 'HOST').replace(/Request-ID [0-9a-f-]+/, 'Request-ID …').replace(/\(\d+\)|\d{10}|nonce=\w+|s away/g, '…'),
    };
  }
  const response = outcome as Response;
  return { status: response.getStatusCode(), body: response.text(), headers: Object.keys(response.headers).sort() };
}

/** The requests as the server saw them: method, target, header names in order, whether the signature verified. */
function wire(requests: RecordedRequest[]): unknown {
  return requests.map((r) => ({ method: r.method, target: r.target, headers: r.headers.filter((_, i) => i % 2 === 0), body: r.body, authorization: r.authorization }));
}

/** Runs `call` on a fused and a composed client (after `scenario`, each), and expects the same outcome and wire. */
async function sameBothWays(scenario: Scenario | undefined, call: (instance: BuilderChainable) => Promise<Response>, overrides: Partial<ClientConfig> = {}): Promise<unknown> {
  const seen: Array<{ outcome: unknown; wire: unknown }> = [];
  for (const way of ['fused', 'composed'] as const) {
    const instance = client(way, overrides);
    await server.requests(); // clears the record
    if (scenario) await server.scenario(scenario);
    const outcome = await call(instance).catch((error: unknown) => error);
    await server.scenario({ name: 'ok' });
    seen.push({ outcome: summary(outcome), wire: wire(await server.requests()) });
  }
  expect(seen[0]).toEqual(seen[1]);
  return seen[0]!.outcome;
}

describe.each(['promise', 'sync'] as const)('the fused default stack and the composed one, side by side, %s verbs', (kind) => {
  const { seed, echo } = verbs[kind];

  it('a verified answer: the same response and the same signed request on the wire', async () => {
    const outcome = await sameBothWays(undefined, (instance) => seed(instance));
    expect(outcome).toMatchObject({ status: 200, body: expect.stringContaining('AUTHORIZED') });
  });

  it('a JSON body: the same Content-Type, Content-Length and signature over the bytes sent', async () => {
    const outcome = await sameBothWays(undefined, (instance) => echo(instance, { amount: 1, note: '中文' }));
    expect(outcome).toMatchObject({ status: 200, body: expect.stringContaining('"contentType":"application/json"') });
  });

  it.each([
    [404, ClientException],
    [400, ClientException],
    [500, ServerException],
  ])('a %i error reply: the same Guzzle-shaped exception, carrying the body, never a signature error', async (status, Exception) => {
    const outcome = await sameBothWays({ name: 'error', status, body: { code: 'PARAM_ERROR', message: '参数错误' } }, (instance) => seed(instance), { retry: false });
    expect(outcome).toMatchObject({ class: Exception.name, status, errorCode: 'PARAM_ERROR' });
  });

  it('a 503 once: retried on the same host, then verified', async () => {
    const outcome = await sameBothWays({ name: 'error', status: 503, once: true } as Scenario, (instance) => seed(instance));
    expect(outcome).toMatchObject({ status: 200 });
  });

  it('a 503 every time: the same ServerException with the attempts made', async () => {
    const outcome = await sameBothWays({ name: 'error', status: 503 }, (instance) => seed(instance), { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 } });
    expect(outcome).toMatchObject({ class: 'ServerException', status: 503, attempts: 2 });
  });

  it('a refused primary: fails over to the backup host, re-signed for it', async () => {
    const outcome = await sameBothWays(undefined, (instance) => seed(instance), { base_uri: closedBase, backup_base_uri: server.baseUri });
    expect(outcome).toMatchObject({ status: 200 });
  });

  it('every host refused: the same ConnectException', async () => {
    const outcome = await sameBothWays(undefined, (instance) => seed(instance), { base_uri: closedBase, retry: false });
    expect(outcome).toMatchObject({ class: ConnectException.name });
  });

  it('a bad per-verb `retry` option: the same refusal, nothing sent', async () => {
    const outcome = await sameBothWays(undefined, (instance) => seed(instance, { retry: { retries: -1 } }));
    expect(outcome).toMatchObject({ class: 'InvalidArgumentException' });
  });

  it.each(FORGED_ANSWERS)('%s: rejected with %s, the response never passed on', async (name, code) => {
    const outcome = await sameBothWays({ name } as Scenario, (instance) => seed(instance));
    expect(outcome).toMatchObject({ class: RequestException.name, code, status: 200, target: TARGET });
  });

  it('a 302 followed when asked (through the composed entries either way), each hop signed', async () => {
    const scenario: Scenario = { name: 'redirect', location: TARGET, once: true };
    const outcome = await sameBothWays(scenario, (instance) => seed(instance, { allow_redirects: true }));
    expect(outcome).toMatchObject({ status: 200 });
  });

  it('a 302 not asked to be followed: unsigned, so rejected by the verifier', async () => {
    const outcome = await sameBothWays({ name: 'redirect', location: TARGET, once: true }, (instance) => seed(instance));
    expect(outcome).toMatchObject({ class: RequestException.name, code: VerificationFailure.HEADERS_INCOMPLETE, status: 302 });
  });

  it('`http_errors: false`: the error reply comes back, and is verified like any other', async () => {
    const signed = await sameBothWays({ name: 'error', status: 404, signed: true }, (instance) => seed(instance, { http_errors: false }), { retry: false });
    expect(signed).toMatchObject({ status: 404 });
    const unsigned = await sameBothWays({ name: 'error', status: 404 }, (instance) => seed(instance, { http_errors: false }), { retry: false });
    expect(unsigned).toMatchObject({ class: RequestException.name, code: VerificationFailure.HEADERS_INCOMPLETE, status: 404 });
  });
});

describe('a stack the user changes runs composed, and their entries see what they always saw', () => {
  it.each(['promise', 'sync'] as const)('an entry above the signer sees no Authorization, one below sees it; removed again, the stack runs fused (%s verbs)', async (kind) => {
    const { seed } = verbs[kind];
    const instance = client('fused');
    const stack = stackOf(instance);
    const seen: Record<string, string> = {};
    const look = (where: string) => Middleware.tap((request: Request) => void (seen[where] = request.getHeaderLine('Authorization')));
    stack.before('signer', look('above'), 'above');
    stack.after('signer', look('below'), 'below');
    expect(runsFused(stack.resolve())).toBe(false);
    expect((await seed(instance)).getStatusCode()).toBe(200);
    expect(seen.above).toBe('');
    expect(seen.below).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",serial_no="[0-9A-F]+",timestamp="\d+",nonce_str="\w{32}",signature="/);
    stack.remove('above');
    stack.remove('below');
    expect(runsFused(stack.resolve())).toBe(true);
    expect((await seed(instance)).getStatusCode()).toBe(200);
  });

  it('without `signer`, the request goes out unsigned and the server refuses it', async () => {
    const instance = client('fused');
    stackOf(instance).remove('signer');
    expect(runsFused(stackOf(instance).resolve())).toBe(false);
    const error = await seed(instance).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientException);
    expect((error as ClientException).status).toBe(401);
  });

  it('without `verifier`, a tampered answer is passed on (the user asked for it)', async () => {
    const instance = client('fused');
    stackOf(instance).remove('verifier');
    expect(runsFused(stackOf(instance).resolve())).toBe(false);
    await server.scenario({ name: 'tamper', once: true });
    expect((await seed(instance)).text()).toContain('UNAUTHORIZED');
  });

  it('a per-request stack: an unchanged clone runs fused, a changed one composed', async () => {
    const instance = client('fused');
    const clone = stackOf(instance).clone();
    expect(runsFused(clone.resolve())).toBe(true);
    clone.remove('verifier');
    expect(runsFused(clone.resolve())).toBe(false);
    await server.scenario({ name: 'tamper', once: true });
    expect((await seed(instance, { handler: clone })).text()).toContain('UNAUTHORIZED');
  });

  it('a client built on a stack of the user\'s own runs composed, an empty one fused', () => {
    const mine = HandlerStack.create();
    mine.push(Middleware.tap(), 'mine');
    expect(runsFused(stackOf(Builder.factory({ ...server.config, handler: mine })).resolve())).toBe(false);
    expect(runsFused(stackOf(Builder.factory({ ...server.config, handler: HandlerStack.create() })).resolve())).toBe(true);
  });
});
