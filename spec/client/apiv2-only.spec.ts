/**
 * APIv2-only merchants: a client built with `mchid`, `secret` and `merchant` alone serves APIv2 (mutual TLS
 * included); an APIv3 call on it is refused before anything is sent; PHP's placeholder config is refused
 * with a message showing the APIv2-only form. Each case shows the PHP line above its TypeScript port.
 */
import { Builder, InvalidArgumentException, Transformer } from '../../lib';
import { useV2Server } from '../helpers/v2-server';

const fixture = useV2Server();
const suite = () => fixture.server;

const seed = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;
const order = { appid: 'wx2421b1c4370ec43b', mch_id: '1900000109', transaction_id: '1008450740201411110005820873', out_trade_no: '1217752501201407033233368018' };

describe('a client with mchid, secret and merchant only', () => {
  // $instance = Builder::factory(['mchid' => $mchid, 'secret' => $apiv2Key, 'merchant' => ['cert' => $cert, 'key' => $key]]);
  const v2Only = (base_uri = suite().httpUri) =>
    Builder.factory({
      mchid: suite().mchid,
      secret: suite().secret,
      merchant: { cert: suite().certs.client.cert, key: suite().certs.client.key },
      base_uri,
      ca: suite().certs.ca.cert,
    });

  it('serves APIv2, signed and verified, under both verb kinds', async () => {
    const instance = v2Only();
    // $instance->v2->pay->orderquery->post(['xml' => [...]]);
    const sync = instance.v2.pay.orderquery.post({ xml: order });
    const promised = await instance.v2.pay.orderquery.postAsync({ xml: order });
    for (const response of [sync, promised]) expect(Transformer.toArray(String(response.getBody()))).toMatchObject({ return_code: 'SUCCESS' });
    expect((await suite().requests()).map((r) => r.signCheck)).toEqual(['ok', 'ok']);
  });

  it('serves APIv2 mutual TLS (security: true)', async () => {
    const instance = v2Only(suite().httpsUri);
    // $instance->v2->secapi->pay->refund->post(['xml' => [...], 'security' => true]);
    const response = instance.v2.secapi.pay.refund.post({ xml: { ...order, out_refund_no: 'R1', total_fee: 100, refund_fee: 100 }, security: true });
    expect(response.getStatusCode()).toBe(200);
    const [seen] = await suite().requests();
    expect(seen).toMatchObject({ secure: true, signCheck: 'ok' });
  });

  it('refuses an APIv3 call with a clear error, and sends nothing', async () => {
    const instance = v2Only();
    expect(() => instance.v3.ecommerce.individualContracts._openid_.get(seed)).toThrow(InvalidArgumentException);
    expect(() => instance.v3.ecommerce.individualContracts._openid_.get(seed)).toThrow(/`v3\/ecommerce\/individual-contracts\/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o` is an APIv3 endpoint, and this client was built for APIv2 only.*serial.*privateKey.*certs/);
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(seed)).rejects.toThrow(InvalidArgumentException);
    expect(await suite().requests()).toEqual([]);
  });

  it('has no signer or verifier on its APIv3 stack', () => {
    expect(v2Only().getDriver().select().getConfig('handler').names()).toEqual(['retry', 'http_errors', 'allow_redirects', 'prepare_body']);
  });
});

describe('configs that are neither', () => {
  it("PHP's placeholders (privateKey: 'any', certs: { any: null }) get a message showing the APIv2-only form", () => {
    // Builder::factory(['mchid' => $mchid, 'serial' => 'nop', 'privateKey' => 'any', 'certs' => ['any' => null], 'secret' => $apiv2Key]);
    const placeholders = { mchid: '1900000109', serial: 'nop', privateKey: 'any', certs: { any: null as unknown as string }, secret: 'k'.repeat(32) };
    expect(() => Builder.factory(placeholders)).toThrow(InvalidArgumentException);
    expect(() => Builder.factory(placeholders)).toThrow(/PHP SDK's placeholders.*leave out `serial`, `privateKey` and `certs`.*Builder\.factory\(\{ mchid, secret/);
  });

  it('no APIv3 keys and no secret either names both ways', () => {
    expect(() => Builder.factory({ mchid: '1900000109' })).toThrow(/neither APIv3 keys.*nor an APIv2 `secret`/);
  });

  it('some APIv3 keys but not all still names the missing one', () => {
    expect(() => Builder.factory({ mchid: '1900000109', serial: 'ABC', secret: 'k'.repeat(32) })).toThrow(/`privateKey` is required/);
  });
});
