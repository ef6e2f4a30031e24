/**
 * `getDriver()->select()` is a Guzzle client: `request()`, `get()`, `post()`, … and their `…Async()` forms
 * send through that protocol's stack, signed and verified; `getConfig('handler')` is its HandlerStack.
 */
import { Builder, closeSyncBridge, ClientDecorator, HandlerStack, Transformer } from '../../lib';
import { startV2Server, type V2Server } from '../helpers/v2-server';
import { startV3Server, type V3Server } from '../helpers/v3-server';

let v3: V3Server;
let v2: V2Server;
beforeAll(async () => {
  [v3, v2] = await Promise.all([startV3Server('pubkey'), startV2Server()]);
});
afterAll(async () => {
  await Promise.all([v3.close(), v2.close()]);
  closeSyncBridge();
});

const seedUri = 'v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const query = { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' };

describe('select() (APIv3)', () => {
  it('has Guzzle verbs that sign and verify', async () => {
    const client = Builder.factory(v3.config).getDriver().select();
    // $client->get('v3/ecommerce/individual-contracts/…', ['query' => [...]]);
    expect(client.get(seedUri, { query }).json()).toMatchObject({ auth_state: 'AUTHORIZED' });
    // $client->request('GET', '…', ['query' => [...]]);
    expect(client.request('GET', seedUri, { query }).getStatusCode()).toBe(200);
    // $client->getAsync('…')->wait();
    expect(client.getAsync(seedUri, { query }).wait().getStatusCode()).toBe(200);
    expect((await client.postAsync('v3/php-port/echo', { json: { a: 1 } })).json()).toMatchObject({ method: 'POST', target: '/v3/php-port/echo', body: '{"a":1}' });
    expect((await v3.requests()).map((r) => `${r.method} ${r.authorization}`)).toEqual(['GET ok', 'GET ok', 'GET ok', 'POST ok']);
  });

  it("getConfig() is Guzzle's: the handler is a HandlerStack, base_uri is the client's", () => {
    const client = Builder.factory(v3.config).getDriver().select(ClientDecorator.JSON_BASED);
    expect(client.getConfig('handler')).toBeInstanceOf(HandlerStack);
    expect(client.getConfig('base_uri')).toBe(v3.baseUri);
  });

  it('refuses a v2/ path: that belongs to select("v2")', () => {
    const client = Builder.factory(v3.config).getDriver().select();
    expect(() => client.post('v2/pay/orderquery')).toThrow(/APIv2 path: send it with select\('v2'\)/);
  });
});

describe("select('v2')", () => {
  it('sends APIv2 XML, signed, without the v2/ prefix, as the PHP client does', async () => {
    const client = Builder.factory(v2.config()).getDriver().select(ClientDecorator.XML_BASED);
    // $instance->getDriver()->select('v2')->post('pay/orderquery', ['xml' => [...]]);
    const response = client.post('pay/orderquery', { xml: { appid: 'wx2421b1c4370ec43b', mch_id: v2.mchid, out_trade_no: '1217752501201407033233368018' } });
    expect(Transformer.toArray(String(response.getBody()))).toMatchObject({ return_code: 'SUCCESS' });
    expect((await v2.requests()).map((r) => `${r.path} ${r.signCheck}`)).toEqual(['/pay/orderquery ok']);
  });
});
