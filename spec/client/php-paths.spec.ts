/**
 * Issue #14 "Paths": each case is the wechatpay-php line (in the test name) beside its TypeScript port,
 * sent over real HTTP to a server that checks the signature and records the request target it received.
 */
import { Builder, InvalidArgumentException, type BuilderChainable } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { withV3Server } from '../helpers/v3-server';

const v3 = withV3Server();

const seen = async () => (await v3.server.requests()).map((r) => `${r.method} ${r.target} ${r.authorization}`);

describe('a trailing slash is kept', () => {
  it("$instance->chain('v3/applyment4sub/applyment/')->post(['json' => $body])", async () => {
    await v3.instance.chain('v3/applyment4sub/applyment/').postAsync({ json: { business_code: 'X' } });
    v3.instance.chain('v3/applyment4sub/applyment/').post({ json: { business_code: 'X' } });
    await v3.instance['v3/ecommerce/applyments/'].postAsync({ json: {} });
    expect(await seen()).toEqual(['POST /v3/applyment4sub/applyment/ ok', 'POST /v3/applyment4sub/applyment/ ok', 'POST /v3/ecommerce/applyments/ ok']);
  });

  it("$instance->v3->applyment4sub->applyment->_empty_->post(['empty' => '', 'json' => $body]) (the PHP IDE spelling)", async () => {
    await v3.instance.v3.applyment4sub.applyment._empty_.postAsync({ empty: '', json: {} });
    await v3.instance.chain('v3/applyment4sub/applyment/{empty}').postAsync({ empty: '', json: {} });
    expect(await seen()).toEqual(['POST /v3/applyment4sub/applyment/ ok', 'POST /v3/applyment4sub/applyment/ ok']);
  });

  it("an empty value anywhere else stays an error: ->_id_->get(['id' => '']), ->_empty_->x->get(['empty' => ''])", async () => {
    await expect(v3.instance.v3.x._id_.getAsync({ id: '' })).rejects.toThrow(/`id` .*empty segment/);
    expect(() => v3.instance.v3.x._empty_.y.get({ empty: '' })).toThrow(InvalidArgumentException);
    expect(await seen()).toEqual([]);
  });

  it('a node under a trailing-slash node does not double the slash', async () => {
    await v3.instance.chain('v3/a/').chain('b').getAsync();
    expect(await seen()).toEqual(['GET /v3/a/b ok']);
  });
});

describe('a leading slash resolves against the host root of base_uri (RFC 3986, as Guzzle)', () => {
  it("Builder::factory(['base_uri' => 'https://host/hk/', …])->chain('/v3/certificates')->get()  →  /v3/certificates", async () => {
    const hk = Builder.factory({ ...v3.server.config, base_uri: `${v3.server.baseUri}hk/` });
    await hk.chain('/v3/certificates').getAsync();
    hk['/v3/certificates'].get();
    await hk.chain('v3/certificates').getAsync();
    expect(await seen()).toEqual(['GET /v3/certificates ok', 'GET /v3/certificates ok', 'GET /hk/v3/certificates ok']);
  });
});

describe('an absolute URL is requested exactly', () => {
  // A client whose base_uri points nowhere: only the absolute URL can reach the v3.server.
  const elsewhere = () => Builder.factory({ ...v3.server.config, base_uri: 'http://127.0.0.1:1/hk/' });

  it("$instance->chain('https://host/v3/x?a=1')->get()", async () => {
    await elsewhere().chain(`${v3.server.baseUri}v3/someWhere/x?a=B_c`).getAsync();
    elsewhere().chain(`${v3.server.baseUri}v3/someWhere/x?a=B_c`).get({ query: { d: 1 } });
    expect(await seen()).toEqual(['GET /v3/someWhere/x?a=B_c ok', 'GET /v3/someWhere/x?a=B_c&d=1 ok']);
  });

  it("$instance->chain('{+u}')->get(['u' => $downloadUrl])", async () => {
    await elsewhere().chain('{+u}').getAsync({ u: `${v3.server.baseUri}v3/y/z?token=abc%2Fd` });
    expect(await seen()).toEqual(['GET /v3/y/z?token=abc%2Fd ok']);
  });
});

describe('verification exemptions match the path requested', () => {
  let sandbox: Sandbox;
  let payer: BuilderChainable;
  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys() });
    payer = Builder.factory(sandbox.clientConfig());
  }, 120_000);
  afterAll(async () => {
    await payer.getDriver().close();
    await sandbox.stop();
  });

  it("$bill = json_decode($instance->v3->bill->tradebill->get([…])->getBody()); $instance->chain('{+u}')->get(['u' => $bill->download_url])", async () => {
    const billDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const bill = (await payer.v3.bill.tradebill.getAsync({ query: { bill_date: billDate } })).json<{ download_url: string }>();
    expect(bill.download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/billdownload\/file\?token=/);
    const file = await payer.chain('{+u}').getAsync({ u: bill.download_url });
    expect(file.status).toBe(200);
    expect(file.hasHeader('Wechatpay-Signature')).toBe(false);
    expect(payer.chain('{+u}').get({ u: bill.download_url }).status).toBe(200);
  });

  it('a base URI with a path does not defeat the exemption: /hk/v3/billdownload/file is still the bill file', async () => {
    await v3.server.scenario({ name: 'unsigned-file', once: true });
    const hk = Builder.factory({ ...v3.server.config, base_uri: `${v3.server.baseUri}hk/` });
    expect((await hk.v3.billdownload.file.getAsync({ query: { token: 't' } })).status).toBe(200);
    // Any other path stays verified: an unsigned answer is refused.
    await v3.server.scenario({ name: 'unsigned-file', once: true });
    await expect(hk.v3.billdownload.other.getAsync()).rejects.toThrow(/Wechatpay-/);
    await v3.server.requests();
  });
});
