/**
 * A platform certificate rotated from the console (or an HTTP hook) shows at once in the handle of the
 * thread that started the sandbox, whether the sandbox runs on a worker thread or on this one:
 * `platformSerial`, `keys` and `clientConfig()` name the new certificate, and a client built from that
 * config verifies the replies signed with it, where a client built before the rotation refuses them.
 */
import { request } from 'undici';
import { Builder, type BuilderChainable } from '../../../lib';
import { Sandbox } from '../../../lib/sandbox';
import { sandboxKeys } from '../../helpers/sandbox-keys';

const APPID = 'wxd678efh567h23787';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

const seedQuery = (client: BuilderChainable) =>
  client.v3.ecommerce.individualContracts._openid_.getAsync({ openid: OPENID, query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' } });

describe.each(['worker', 'main'] as const)('a platform certificate rotated from the console, sandbox thread %s', (thread) => {
  let sandbox: Sandbox;
  let token: string;
  const clients: BuilderChainable[] = [];
  const client = (config = sandbox.clientConfig()): BuilderChainable => {
    const built = Builder.factory(config);
    clients.push(built);
    return built;
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), mode: 'cert', thread });
    const page = await (await request(sandbox.consoleUrl)).body.text();
    token = /name="sandbox-console-token" content="([^"]+)"/.exec(page)![1]!;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((built) => built.getDriver().close()));
    await sandbox?.stop();
  });

  const post = async (path: string, headers: Record<string, string> = {}) => {
    const response = await request(`${sandbox.baseUri}${path.slice(1)}`, { method: 'POST', headers });
    return { status: response.statusCode, json: (await response.body.json()) as { platform_serial: string } };
  };

  it('updates platformSerial, keys and clientConfig() at once; a client built from clientConfig() verifies replies', async () => {
    const before = sandbox.platformSerial;
    const beforeClient = client();
    await expect(seedQuery(beforeClient)).resolves.toMatchObject({ status: 200 });

    const rotated = await post('/sandbox/console/api/certificates/rotate', { origin: sandbox.baseUri.slice(0, -1), 'x-sandbox-console-token': token });
    expect(rotated.status).toBe(200);
    const serial = rotated.json.platform_serial;
    expect(serial).not.toBe(before);

    // Read straight after the console answered: no waiting for the worker's messages to be dispatched.
    expect(sandbox.platformSerial).toBe(serial);
    expect(sandbox.keys.platform.serial).toBe(serial);
    const config = sandbox.clientConfig();
    expect(Object.keys(config.certs)).toEqual([serial]);
    expect(config.certs[serial]).toBe(sandbox.platformPem);

    const reply = await seedQuery(client(config));
    expect(reply.status).toBe(200);
    expect(reply.headers['wechatpay-serial']).toBe(serial);
    // The client that knew only the old certificate cannot verify what the new one signs.
    await expect(seedQuery(beforeClient)).rejects.toThrow(serial);
  });

  it('follows a rotation through the HTTP hook and through the API alike', async () => {
    const hooked = await post('/sandbox/certificates/rotate');
    expect(hooked.status).toBe(200);
    expect(sandbox.platformSerial).toBe(hooked.json.platform_serial);

    const next = sandbox.rotatePlatformCertificate();
    expect(sandbox.platformSerial).toBe(next.serial);
    expect(sandbox.clientConfig().certs).toEqual({ [next.serial]: next.certificatePem });
    const reply = await seedQuery(client());
    expect(reply.headers['wechatpay-serial']).toBe(next.serial);
  });
});
