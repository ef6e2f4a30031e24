/**
 * Verb options: path variables are encoded so they cannot change the path, a missing one is an error
 * before anything is sent, unknown keys are refused, and `debug` prints the exchange with secrets redacted.
 */
import { Builder, closeSyncBridge, InvalidArgumentException, type BuilderChainable } from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

let server: V3Server;
let instance: BuilderChainable;
beforeAll(async () => {
  server = await startV3Server('pubkey');
  instance = Builder.factory(server.config);
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});

const target = async () => (await server.requests()).map((r) => r.target);

describe('path variables', () => {
  it.each([
    ['../../v3/certificates', '/v3/x/..%2F..%2Fv3%2Fcertificates'],
    ['a?b=1#c', '/v3/x/a%3Fb%3D1%23c'],
    ['o 用户~', '/v3/x/o%20%E7%94%A8%E6%88%B7~'],
  ])('%j cannot change the path', async (id, expected) => {
    await instance.v3.x._id_.getAsync({ id });
    expect(await target()).toEqual([expected]);
  });

  it.each([['.'], ['..'], ['']])('%j is refused, nothing sent', async (id) => {
    await expect(instance.v3.x._id_.getAsync({ id })).rejects.toThrow(InvalidArgumentException);
    expect(() => instance.v3.x._id_.get({ id })).toThrow(InvalidArgumentException);
    expect(await target()).toEqual([]);
  });

  it('a missing or null variable is an InvalidArgumentException naming it, under both verb kinds', async () => {
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync({ query: { appid: 'x' } })).rejects.toThrow(/needs `openid`/);
    expect(() => instance.v3.ecommerce.individualContracts._openid_.get({ openid: null })).toThrow(/needs `openid`/);
    expect(await target()).toEqual([]);
  });

  it('{+x} keeps reserved characters and %XX triplets (RFC 6570)', async () => {
    await instance.chain('v3/merchant-service/images/{+media_id}').getAsync({ media_id: 'ChsyMDAy%2FFR1pAGKAMwAjgB' }).catch(() => undefined);
    expect(await target()).toEqual(['/v3/merchant-service/images/ChsyMDAy%2FFR1pAGKAMwAjgB']);
  });
});

describe('query', () => {
  it('a written query and the query option merge, the option winning per key', async () => {
    await instance.chain('v3/certificates?algorithm_type=RSA&x=1').getAsync({ query: { x: 2, y: 'a b' } });
    expect(await target()).toEqual(['/v3/certificates?algorithm_type=RSA&x=2&y=a%20b']);
  });

  it('a string query is used verbatim; anything else is refused', async () => {
    await instance.v3.certificates.getAsync({ query: 'algorithm_type=ALL' });
    expect(await target()).toEqual(['/v3/certificates?algorithm_type=ALL']);
    await expect(instance.v3.certificates.getAsync({ query: 42 as never })).rejects.toThrow(InvalidArgumentException);
  });
});

describe('other options', () => {
  it('an unknown option is refused, naming it and the template variables', async () => {
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync({ openid: 'o', quey: {} })).rejects.toThrow(
      /Unknown option `quey` .*variable of the template \(openid\)/,
    );
  });

  it('json and body together are refused', async () => {
    await expect(instance.v3.x.postAsync({ json: {}, body: 'x' })).rejects.toThrow(/either `json` or `body`/);
  });

  it('headers are sent, and cannot be replaced by the signer', async () => {
    await instance.v3.x.postAsync({ json: { a: 1 }, headers: { 'Wechatpay-Serial': server.platformSerial, Authorization: 'forged' } });
    const [seen] = await server.requests();
    const header = (name: string) => seen!.headers.filter((_, i) => i % 2 === 1 && seen!.headers[i - 1]!.toLowerCase() === name);
    expect(header('wechatpay-serial')).toEqual([server.platformSerial]);
    expect(header('authorization')).toHaveLength(1);
    expect(seen!.authorization).toBe('ok');
  });

  it('debug prints the exchange with the signature redacted', async () => {
    const lines: string[] = [];
    await instance.v3.ecommerce.individualContracts._openid_.getAsync({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' }, debug: (l) => lines.push(l) });
    const text = lines.join('\n');
    expect(text).toMatch(/^> GET \/v3\/ecommerce\/individual-contracts\/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE/);
    expect(text).toMatch(/> Authorization: WECHATPAY2-SHA256-RSA2048 mchid="1900000109",.*signature="[^"]{0,8}…\[REDACTED\]"/);
    expect(text).toMatch(/< 200 OK/);
    expect(text).toMatch(/< Wechatpay-Signature: .{8}…\[REDACTED\]/);
    expect(text).toContain('"auth_state":"AUTHORIZED"');
  });

  it('per-request base_uri', async () => {
    const other = Builder.factory({ ...server.config, base_uri: 'http://127.0.0.1:1/' });
    const response = await other.v3.ecommerce.individualContracts._openid_.getAsync({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' }, base_uri: server.baseUri });
    expect(response.status).toBe(200);
  });
});
