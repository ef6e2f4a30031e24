/**
 * The verifier rejects what WeChat Pay did not send, and http_errors surfaces what it did send. Both verb
 * kinds must raise the same classes with the same fields.
 */
import {
  Builder,
  ClientException,
  closeSyncBridge,
  ConnectException,
  RequestException,
  ServerException,
  TransferException,
  VerificationFailure,
  type BuilderChainable,
  type Response,
} from '../../lib';
import { FORGED_ANSWERS, startV3Server, type Scenario, type V3Server } from '../helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } };

let server: V3Server;
let instance: BuilderChainable;

beforeAll(async () => {
  server = await startV3Server('pubkey');
  // Each scenario fails once: with retries on, a failed GET would be retried into a success.
  instance = Builder.factory({ ...server.config, retry: false });
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});

type Call = (node: BuilderChainable) => Promise<Response>;
const kinds: Array<[string, Call]> = [
  ['promise', (node) => node.getAsync(options)],
  ['sync', async (node) => node.get(options)],
];

async function failure(scenario: Scenario, call: Call): Promise<unknown> {
  await server.scenario({ ...scenario, once: true } as Scenario);
  try {
    await call(instance.v3.ecommerce.individualContracts._openid_);
  } catch (error) {
    return error;
  }
  throw new Error(`scenario ${scenario.name} did not fail`);
}

describe.each(kinds)('%s verbs', (_, call) => {
  it.each(FORGED_ANSWERS)('%s → RequestException %s, carrying the response', async (name, code) => {
    const error = await failure({ name } as Scenario, call);
    expect(error).toBeInstanceOf(RequestException);
    expect(error).not.toBeInstanceOf(ClientException);
    const e = error as RequestException;
    expect(e.code).toBe(code);
    expect(e.hasResponse()).toBe(true);
    expect(e.getResponse()?.getStatusCode()).toBe(200);
    expect(e.getRequest().getRequestTarget()).toContain('/v3/ecommerce/individual-contracts/');
    expect(e.message).not.toMatch(/signature="[A-Za-z0-9+/=]{20,}/);
  });

  it('a 404 WeChat Pay error is a ClientException with code, message and Request-ID, never a signature error', async () => {
    const error = await failure({ name: 'error', status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } }, call);
    expect(error).toBeInstanceOf(ClientException);
    const e = error as ClientException;
    expect(e.status).toBe(404);
    expect(e.code).toBe('ORDER_NOT_EXIST');
    expect(e.errorCode).toBe('ORDER_NOT_EXIST');
    expect(e.errorMessage).toBe('订单不存在');
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(String(e.getResponse()?.getBody()))).toEqual({ code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    expect(e.message).toMatch(/^Client error: `GET http:\/\/127\.0\.0\.1:\d+\/v3\/ecommerce\/individual-contracts\/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE` resulted in a `404 Not Found` response/);
  });

  it('a 400 PARAM_ERROR keeps its detail', async () => {
    const body = { code: 'PARAM_ERROR', message: '参数错误', detail: { field: 'appid', value: 'x', issue: 'too short', location: 'query' } };
    const e = (await failure({ name: 'error', status: 400, body }, call)) as ClientException;
    expect(e).toBeInstanceOf(ClientException);
    expect(e.detail).toEqual(body.detail);
  });

  it('a 500 is a ServerException', async () => {
    const e = await failure({ name: 'error', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后重试' } }, call);
    expect(e).toBeInstanceOf(ServerException);
    expect(e).toBeInstanceOf(TransferException);
    expect((e as ServerException).errorCode).toBe('SYSTEM_ERROR');
  });

  it('a signed 204 verifies over the empty body', async () => {
    await server.scenario({ name: 'no-content', once: true });
    const response = await call(instance.v3.ecommerce.individualContracts._openid_);
    expect(response.status).toBe(204);
    expect(response.text()).toBe('');
  });
});

describe('exemptions and transport failures', () => {
  it('the bill file download is exempt from verification, matched on the path', async () => {
    await server.scenario({ name: 'unsigned-file' });
    try {
      const response = await instance.v3.billdownload.file.getAsync({ query: { token: 'abc' } });
      expect(response.text()).toContain('wxd678efh567h23787');
      await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).rejects.toMatchObject({
        code: VerificationFailure.HEADERS_INCOMPLETE,
      });
    } finally {
      await server.scenario({ name: 'ok' });
    }
  });

  it('a refused connection is a ConnectException naming the code, under both verb kinds', async () => {
    const offline = Builder.factory({ ...server.config, base_uri: 'http://127.0.0.1:1/' });
    await expect(offline.v3.certificates.getAsync()).rejects.toBeInstanceOf(ConnectException);
    await expect(offline.v3.certificates.getAsync()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(() => offline.v3.certificates.get()).toThrow(ConnectException);
  });
});

/** A thenable that is not a Promise, as another promise library makes. */
class Later<T> {
  readonly #promise: Promise<T>;
  constructor(promise: Promise<T>) {
    this.#promise = promise;
  }
  then<R>(onFulfilled?: (value: T) => R, onRejected?: (reason: unknown) => R): Later<R> {
    return new Later(this.#promise.then(onFulfilled, onRejected) as Promise<R>);
  }
}

describe('a certificate source whose refresh() gives a thenable of its own, not a native Promise', () => {
  it('has the reply verified once the unknown serial is fetched, as with a Promise', async () => {
    const { createPublicKey } = await import('node:crypto');
    const [[serial, pem]] = Object.entries(server.config.certs as Record<string, string>) as [[string, string]];
    const keys = new Map<string, ReturnType<typeof createPublicKey>>();
    let refreshes = 0;
    const certs = {
      get: (name: string) => keys.get(name),
      serials: () => [...keys.keys()],
      // Another promise library's kind: its then() gives another of its own, never a native Promise.
      refresh: (name: string) => {
        refreshes++;
        return new Later(new Promise<void>((resolve) => setTimeout(() => {
          if (name === serial) keys.set(serial, createPublicKey(pem));
          resolve();
        }, 1))) as unknown as Promise<void>;
      },
    };
    await server.scenario({ name: 'ok' } as Scenario);
    const client: BuilderChainable = Builder.factory({ ...server.config, certs, retry: false });
    const answer = await client.v3.ecommerce.individualContracts._openid_.getAsync(options);
    expect(answer.json()).toMatchObject({ auth_state: 'AUTHORIZED' });
    expect(refreshes).toBe(1);
    await client.getDriver().close();
  });

  it('is never taken for a verified reply when its then() gives nothing back', async () => {
    let refreshed = 0;
    // A broken thenable: then() returns undefined and never calls back.
    const certs = { get: () => undefined, serials: () => ['PUB_KEY_ID_SOMETHING_ELSE'], refresh: () => ({ then: () => void refreshed++ }) as unknown as Promise<void> };
    await server.scenario({ name: 'ok' } as Scenario);
    const client: BuilderChainable = Builder.factory({ ...server.config, certs, retry: false, timeout: 5 });
    const outcome = await Promise.race([
      client.v3.ecommerce.individualContracts._openid_.getAsync(options).then(() => 'verified', () => 'rejected'),
      new Promise((resolve) => setTimeout(resolve, 300, 'still waiting')),
    ]);
    expect(outcome).toBe('still waiting');
    expect(refreshed).toBe(1);
    await client.getDriver().close();
  });
});
