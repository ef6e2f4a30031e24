/**
 * Typed endpoints, checked by the compiler: this file is part of `tsc -p tsconfig.json --noEmit`, and
 * `typed-endpoints.spec.ts` compiles it again and expects no diagnostic. Every `@ts-expect-error` below
 * fails the build if its line stops being an error. Nothing here runs.
 */
import type { BuilderChainable, ChainRoot, Endpoints, GuzzlePromise, Response } from './typed-imports';
import { expectType, type Equal } from './assert';

declare const instance: ChainRoot;

const seedOptions = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;
type SeedResponse = { individual_auth_id: string; operation_time: string; auth_state: 'AUTHORIZED' | 'UNAUTHORIZED' };

export async function seedInEverySpelling(): Promise<void> {
  const byProperty = instance.v3.ecommerce.individualContracts._openid_;
  const byDollar = instance.v3.ecommerce.individualContracts.$openid$;
  const byChain = instance.chain('v3/ecommerce/individual-contracts/{openid}');
  const byBracket = instance['v3/ecommerce/individual-contracts/{openid}'];
  const byRelativeChain = instance.v3.ecommerce.chain('individual-contracts/{openid}');
  const byLeadingSlash = instance.chain('/v3/ecommerce/individual-contracts/{openid}');
  // (Comparing whole node types with Equal costs the checker ~20k instantiations; their verbs tell the same.)
  for (const node of [byProperty, byDollar, byChain, byBracket, byRelativeChain, byLeadingSlash]) {
    expectType<Equal<ReturnType<typeof node.get>, Response<SeedResponse>>>();
    expectType<Equal<ReturnType<typeof node.getAsync>, GuzzlePromise<Response<SeedResponse>>>>();
    expectType<Equal<typeof node.pathname, 'v3/ecommerce/individual-contracts/{openid}'>>();
  }

  const promised = await byProperty.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });
  expectType<Equal<typeof promised, Response<SeedResponse>>>();
  const blocking = byBracket.get(seedOptions);
  const { auth_state } = blocking.json();
  expectType<Equal<typeof auth_state, 'AUTHORIZED' | 'UNAUTHORIZED'>>();
  // json<R>() still lets a caller say what they expect.
  expectType<Equal<ReturnType<typeof blocking.json<{ other: 1 }>>, { other: 1 }>>();

  // Transport options are accepted next to the endpoint's fields.
  await byChain.getAsync({ ...seedOptions, headers: { 'Accept-Language': 'en' }, timeout: 5, debug: false });
}

export async function requiredInputs(): Promise<void> {
  const node = instance.v3.ecommerce.individualContracts._openid_;
  // @ts-expect-error openid is missing
  await node.getAsync({ query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });
  // @ts-expect-error appid is missing
  await node.getAsync({ openid: 'o', query: { permission_type: 'INDIVIDUAL_PAYEE' } });
  // @ts-expect-error the query is missing
  await node.getAsync({ openid: 'o' });
  // @ts-expect-error no options at all
  await node.getAsync();
  // @ts-expect-error the sync verb is typed the same
  node.get({ openid: 'o', query: { appid: 'wx' } });
  // @ts-expect-error a wrong enum value
  await node.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL' } });
  // @ts-expect-error a misspelt query field
  await node.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE', apid: 'wx' } });
  // @ts-expect-error a misspelt path variable
  await node.getAsync({ opnid: 'o', openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });
  const widened = { openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } };
  // @ts-expect-error a widened `string` is not the enum: write the options inline, or `as const`
  await node.getAsync(widened);
}

export async function bodies(): Promise<void> {
  const jsapi = instance.v3.pay.transactions.jsapi;
  const prepay = await jsapi.postAsync({
    json: {
      appid: 'wxd678efh567h23787',
      mchid: '1230000109',
      description: 'Image形象店-深圳腾大-QQ公仔',
      out_trade_no: '1217752501201407033233368018',
      notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
      amount: { total: 100, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
  });
  const { prepay_id } = prepay.json();
  expectType<Equal<typeof prepay_id, string>>();
  // @ts-expect-error payer is required for JSAPI
  await jsapi.postAsync({ json: { appid: 'a', mchid: 'm', description: 'd', out_trade_no: 'o', notify_url: 'n', amount: { total: 1 } } });
  // @ts-expect-error a misspelt nested field
  await jsapi.postAsync({ json: { appid: 'a', mchid: 'm', description: 'd', out_trade_no: 'o', notify_url: 'n', amount: { totl: 1 }, payer: { openid: 'o' } } });
  // @ts-expect-error an integer is a number
  await jsapi.postAsync({ json: { appid: 'a', mchid: 'm', description: 'd', out_trade_no: 'o', notify_url: 'n', amount: { total: '1' }, payer: { openid: 'o' } } });
  // @ts-expect-error a POST endpoint does not take a query it does not describe
  await jsapi.postAsync({ query: { x: 1 }, json: { appid: 'a', mchid: 'm', description: 'd', out_trade_no: 'o', notify_url: 'n', amount: { total: 1 }, payer: { openid: 'o' } } });

  // A raw body (a media upload's multipart stream) is the escape hatch for a described body.
  const upload = await instance.v3.merchant.media.upload.postAsync({ body: Buffer.from('multipart'), headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
  expectType<Equal<typeof upload, Response<{ media_id: string }>>>();

  // No body, path variable only; a 204 has no JSON to type.
  const closed = instance.v3.pay.transactions.outTradeNo._out_trade_no_.close.post({ out_trade_no: '1217752501201407033233368018', json: { mchid: '1230000109' } });
  expectType<Equal<typeof closed, Response<unknown>>>();

  // Nothing required: the options may be left out.
  const certificates = await instance.v3.certificates.getAsync();
  const [first] = certificates.json().data;
  expectType<Equal<NonNullable<typeof first>['encrypt_certificate']['algorithm'], 'AEAD_AES_256_GCM'>>();
}

export async function profitSharing(): Promise<void> {
  // The README's non-seed example, as written there.
  const order = await instance.v3.profitsharing.orders.postAsync({
    json: {
      transaction_id: '4208450740201411110007820472',
      out_order_no: 'P20150806125346',
      receivers: [{ type: 'MERCHANT_ID', account: '86693852', amount: 888, description: '分给商户A' }],
      unfreeze_unsplit: true,
    },
  });
  const { order_id, state } = order.json();
  expectType<Equal<typeof order_id, string>>();
  expectType<Equal<typeof state, 'PROCESSING' | 'FINISHED'>>();
  await instance.v3.profitsharing.orders.postAsync({
    // @ts-expect-error a receiver type outside the enum
    json: { transaction_id: 't', out_order_no: 'o', receivers: [{ type: 'MERCHANT', account: 'a', amount: 1, description: 'd' }], unfreeze_unsplit: true },
  });
}

export async function undescribedStaysLoose(): Promise<void> {
  // A path the catalogue lacks: any options, `Response<unknown>`.
  const anything = await instance.v3.notCatalogued.things._thing_id_.getAsync({ thing_id: 'x', query: { any: 'thing' } });
  expectType<Equal<typeof anything, Response<unknown>>>();
  expectType<Equal<typeof instance.v3.unknownArea, BuilderChainable>>();
  expectType<Equal<ReturnType<typeof instance.chain<'v3/not/described'>>, BuilderChainable>>();
  expectType<Equal<typeof instance['v3/not/described'], BuilderChainable>>();
  // A method the path does not describe stays loose (it may exist; PHP code ports as is).
  const loose = await instance.v3.ecommerce.individualContracts._openid_.deleteAsync({ whatever: true });
  expectType<Equal<typeof loose, Response<unknown>>>();
}

export async function apiV2(): Promise<void> {
  // APIv2 operations take `xml`, typed from the catalogue; the client fills in `nonce_str` and `sign`.
  const micropay = instance.v2.pay.micropay;
  micropay.post({
    xml: { appid: 'wx', mch_id: '1230000109', body: 'image', out_trade_no: '1217752501201407033233368018', total_fee: 1, spbill_create_ip: '8.8.8.8', auth_code: '120061098828009406' },
    security: false,
  });
  // @ts-expect-error total_fee is required
  micropay.post({ xml: { appid: 'wx', mch_id: '1230000109', body: 'image', out_trade_no: '1', spbill_create_ip: '8.8.8.8', auth_code: '1' } });
  // @ts-expect-error profit_sharing is Y or N
  micropay.post({ xml: { appid: 'wx', mch_id: '1', body: 'b', out_trade_no: '1', total_fee: 1, spbill_create_ip: '8.8.8.8', auth_code: '1', profit_sharing: 'yes' } });
  // @ts-expect-error APIv2 takes xml, not json
  micropay.post({ json: { appid: 'wx' } });
  // wechatpay-php's spelling of a segment with capitals: a variable holding it.
  instance['v2/secapi/mch/{addinstitutionsub}'].post({ addinstitutionsub: 'addInstitutionsub', xml: {} as Endpoints['v2/secapi/mch/addInstitutionsub']['POST']['body'] });
  // @ts-expect-error the variable can only hold the real segment
  instance['v2/secapi/mch/{addinstitutionsub}'].post({ addinstitutionsub: 'addinstitutionsub', xml: {} as Endpoints['v2/secapi/mch/addInstitutionsub']['POST']['body'] });
  // The real path, capitals and all, by chain() or bracket access.
  expectType<Equal<Parameters<typeof instance['v2/secapi/mch/addInstitutionsub']['post']>[0]['xml'], Endpoints['v2/secapi/mch/addInstitutionsub']['POST']['body']>>();
}

export async function phpSpellings(): Promise<void> {
  // A trailing-slash endpoint: PHP's `{empty}` filled with '', or the real path.
  type Applyment = Endpoints['v3/applyment4sub/applyment/']['POST']['body'];
  const byPhp = await instance.v3.applyment4sub.applyment._empty_.postAsync({ empty: '', json: {} as Applyment });
  const byPath = await instance['v3/applyment4sub/applyment/'].postAsync({ json: {} as Applyment });
  expectType<Equal<typeof byPhp, typeof byPath>>();
  const { applyment_id } = byPath.json();
  expectType<Equal<typeof applyment_id, number>>();
  // @ts-expect-error {empty} holds ''
  await instance.v3.applyment4sub.applyment._empty_.postAsync({ empty: 'x', json: {} as Applyment });
}

export function nodesAreBuilderChainable(): BuilderChainable[] {
  // Every typed node is a BuilderChainable, so helpers typed with it accept any node.
  const take = (node: BuilderChainable): BuilderChainable => node;
  return [
    take(instance),
    take(instance.v3),
    take(instance.v3.ecommerce.individualContracts._openid_),
    take(instance['v3/pay/transactions/jsapi']),
    take(instance.v3.pay.transactions.outTradeNo),
  ];
}

export function endpointsMap(): void {
  type Seed = Endpoints['v3/ecommerce/individual-contracts/{openid}']['GET'];
  expectType<Equal<Seed['parameters'], { openid: string }>>();
  expectType<Equal<Seed['query'], { appid: string; permission_type: 'INDIVIDUAL_PAYEE' }>>();
  expectType<Equal<Seed['body'], never>>();
  expectType<Equal<Seed['response'], SeedResponse>>();
  expectType<Equal<keyof Endpoints['v3/refund/domestic/refunds'], 'POST'>>();
  expectType<Equal<Endpoints['v3/refund/domestic/refunds']['POST']['body']['amount']['currency'], 'CNY'>>();
}
