/**
 * `npx tsx examples/typed-seed.ts`: the seed call and the personal-collections flow with the typed chain,
 * against the embedded sandbox. No casts and no `json<T>()` type arguments: each endpoint's options are
 * checked and its response typed from the descriptions in `lib/endpoints`.
 */
import { randomBytes } from 'node:crypto';
import { Builder, ClientException, closeSyncBridge } from '../lib';
import { Sandbox } from '../lib/sandbox';

const APPID = 'wxd678efh567h23787';
const SEED_OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

async function main(): Promise<void> {
  const sandbox = await Sandbox.start();
  const instance = Builder.factory(sandbox.clientConfig());
  try {
    // The seed: `openid`, `appid` and `permission_type` are required; `auth_state` is 'AUTHORIZED' | 'UNAUTHORIZED'.
    const seed = await instance.v3.ecommerce.individualContracts._openid_.getAsync({
      openid: SEED_OPENID,
      query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' },
    });
    const { individual_auth_id, operation_time, auth_state } = seed.json();
    console.log(`seed, property chain:  ${seed.status} ${auth_state} since ${operation_time} (${individual_auth_id})`);

    // The same endpoint by template, with the synchronous verb: the same types.
    const blocking = instance
      .chain('v3/ecommerce/individual-contracts/{openid}')
      .get({ openid: SEED_OPENID, query: { appid: APPID, permission_type: 'INDIVIDUAL_PAYEE' } });
    console.log(`seed, chain() + get(): ${blocking.status} ${blocking.json().auth_state}`);

    // Personal collections: pre-sign a new payee, let the sandbox play the user signing, query, then pay them.
    const openid = `oTyped${randomBytes(11).toString('hex')}`;
    const outContractCode = `typed_${randomBytes(8).toString('hex')}`;
    const contracts = instance['v3/ecommerce/individual-contracts/pre-entrust-sign/mini-program'];
    const preSign = await contracts.postAsync({ json: { appid: APPID, out_contract_code: outContractCode, openid } });
    console.log(`pre-sign:              pre_entrustweb_id ${preSign.json().pre_entrustweb_id}`);

    sandbox.signContract(outContractCode);
    const signed = await instance.v3.ecommerce.individualContracts.outContractCode.$out_contract_code$.getAsync({
      out_contract_code: outContractCode,
      query: { appid: APPID },
    });
    const contract = signed.json();
    console.log(`after signing:         ${contract.auth_state}, individual_auth_id ${contract.individual_auth_id ?? '(none)'}`);

    if (contract.individual_auth_id !== undefined) {
      const combined = await instance.v3.combineTransactions.miniprogram.postAsync({
        json: {
          combine_appid: APPID,
          combine_mchid: sandbox.mchid,
          combine_out_trade_no: `C${Date.now()}`,
          combine_payer_info: { openid: SEED_OPENID },
          scene_info: { payer_client_ip: '127.0.0.1' },
          sub_orders: [
            {
              mchid: sandbox.mchid,
              attach: 'typed example',
              amount: { total_amount: 1800, currency: 'CNY' },
              out_trade_no: `S${Date.now()}`,
              description: 'Second-hand book',
              order_service_type: 'INDIVIDUALTRADE',
              individual_auth_id: contract.individual_auth_id,
            },
          ],
          notify_url: 'https://example.com/notify',
          trade_scenario: 'RECOMMERCE',
        },
      });
      console.log(`combine order:         prepay_id ${combined.json().prepay_id}`);
    }

    // A JSAPI prepay, then the order query: `trade_state` is the union of the documented states.
    const outTradeNo = `T${Date.now()}`;
    const prepay = await instance.v3.pay.transactions.jsapi.postAsync({
      json: {
        appid: APPID,
        mchid: sandbox.mchid,
        description: 'Image形象店-深圳腾大-QQ公仔',
        out_trade_no: outTradeNo,
        notify_url: 'https://example.com/notify',
        amount: { total: 1, currency: 'CNY' },
        payer: { openid: SEED_OPENID },
      },
    });
    const order = instance.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: outTradeNo, query: { mchid: sandbox.mchid } });
    console.log(`jsapi prepay:          prepay_id ${prepay.json().prepay_id}, trade_state ${order.json().trade_state}`);

    // A path the catalogue lacks still compiles, untyped (any options, `Response<unknown>`); the sandbox does not serve it.
    try {
      await instance.v3.notCatalogued.stocks._stock_id_.getAsync({ stock_id: '9865000', query: { stock_creator_mchid: sandbox.mchid } });
    } catch (error) {
      if (!(error instanceof ClientException)) throw error;
      console.log(`undescribed path:      ${error.getResponse()?.getStatusCode()} from the sandbox, as expected`);
    }
  } finally {
    await instance.getDriver().close();
    await sandbox.stop();
    closeSyncBridge();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
