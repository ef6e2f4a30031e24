/**
 * APIv2 mutual TLS: `security: true` presents the merchant certificate — PEM, or a `.p12` with the
 * legacy encryption WeChat Pay issues (RC2-40 + 3DES, read with node-forge) — to an HTTPS server that
 * requires one. Without a configured certificate it fails before anything is sent. The unsigned
 * red-packet reply passes (PHP's exemption list), also under a base URI with a path.
 */
import { Builder, closeSyncBridge, InvalidArgumentException, Transformer, TransferException, type BuilderChainable } from '../../lib';
import { legacyPkcs12 } from '../helpers/v2-certs';
import { startV2Server, type V2Server } from '../helpers/v2-server';

let server: V2Server;

beforeAll(async () => {
  server = await startV2Server();
});
afterAll(async () => {
  await server.close();
  closeSyncBridge();
});
afterEach(() => server.requests());

const refundFields = {
  appid: 'wx2421b1c4370ec43b',
  mch_id: '1900000109',
  out_trade_no: '1217752501201407033233368018',
  out_refund_no: '1217752501201407033233368019',
  total_fee: 100,
  refund_fee: 100,
};

const redpack = {
  mch_billno: '10000098201411111234567890',
  mch_id: '1900000109',
  wxappid: 'wx8888888888888888',
  send_name: '天虹百货',
  re_openid: 'oxTWIuGaIt6gTKsQRLau2M0yL16E',
  total_amount: 1000,
  total_num: 1,
  wishing: '感谢您参加猜灯谜活动,祝您元宵节快乐!',
  client_ip: '192.168.0.1',
  act_name: '猜灯谜抢红包活动',
  remark: '猜越多得越多,快来抢!',
  scene_id: 'PRODUCT_8',
} as const;

const merchants: Array<[string, () => NonNullable<Parameters<V2Server['config']>[0]>['merchant']]> = [
  ['PEM cert + key', () => ({ cert: server.certs.client.cert, key: server.certs.client.key })],
  ['legacy-encrypted .p12 (passphrase = mchid)', () => ({ pfx: legacyPkcs12(server.certs.client, server.mchid), passphrase: server.mchid })],
];

describe.each(merchants)('security: true with %s', (_, merchant) => {
  let instance: BuilderChainable;

  beforeAll(() => {
    instance = Builder.factory(server.config({ base_uri: server.httpsUri, merchant: merchant() }));
  });

  it('refund, sync verb: the seed call as written', async () => {
    const xml = { ...refundFields };
    const response = instance.v2.secapi.pay.refund.post({ xml, security: true });
    expect(Transformer.toArray(String(response.getBody()))).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', refund_fee: '100' });
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ path: '/secapi/pay/refund', secure: true, clientName: server.mchid, signCheck: 'ok' });
  });

  it('refund, promise verb', async () => {
    const response = await instance.v2.secapi.pay.refund.postAsync({ xml: { ...refundFields, sign_type: 'HMAC-SHA256' }, security: true });
    expect(Transformer.toArray(String(response.getBody())).refund_id).toBe('50000000382019052709732678859');
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ secure: true, clientName: server.mchid, signType: 'HMAC-SHA256', signCheck: 'ok' });
  });

  it('sendredpack: the seed call; its unsigned reply passes (exempt endpoint)', async () => {
    const response = instance.v2.mmpaymkttransfers.sendredpack.post({ xml: redpack, security: true });
    const fields = Transformer.toArray(String(response.getBody()));
    expect(fields).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', send_listid: '1000041701201411111234567890' });
    expect(fields).not.toHaveProperty('sign');
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ path: '/mmpaymkttransfers/sendredpack', secure: true, signCheck: 'ok' });
  });
});

it('the exemption matches the path under the base URI: a base path such as /sandboxnew/ keeps it (PHP loses it)', async () => {
  const merchant = { cert: server.certs.client.cert, key: server.certs.client.key };
  const sandbox = Builder.factory(server.config({ base_uri: `${server.httpsUri}sandboxnew/`, merchant }));
  const response = await sandbox.v2.mmpaymkttransfers.sendredpack.postAsync({ xml: redpack, security: true });
  expect(Transformer.toArray(String(response.getBody())).return_msg).toBe('发放成功');
  const [seen] = await server.requests();
  expect(seen!.path).toBe('/sandboxnew/mmpaymkttransfers/sendredpack');
});

describe('security: true without `merchant` configured: a clear error, nothing sent', () => {
  let instance: BuilderChainable;
  beforeAll(() => {
    instance = Builder.factory(server.config({ base_uri: server.httpsUri }));
  });

  it('promise verb rejects', async () => {
    const call = instance.v2.secapi.pay.refund.postAsync({ xml: refundFields, security: true });
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(instance.v2.secapi.pay.refund.postAsync({ xml: refundFields, security: true })).rejects.toThrow(/`security: true` needs the merchant API certificate.*`merchant: \{ cert, key \}`/);
    expect(await server.requests()).toEqual([]);
  });

  it('sync verb throws', async () => {
    expect(() => instance.v2.secapi.pay.refund.post({ xml: refundFields, security: true })).toThrow(InvalidArgumentException);
    expect(await server.requests()).toEqual([]);
  });

  it('without `security: true` the server refuses the connection: no certificate is ever sent by accident', async () => {
    await expect(instance.v2.secapi.pay.refund.postAsync({ xml: refundFields })).rejects.toBeInstanceOf(TransferException);
    expect(await server.requests()).toEqual([]);
  });
});
