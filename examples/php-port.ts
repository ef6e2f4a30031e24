/**
 * One complete wechatpay-php script, ported line for line: an APIv3 query (synchronous), an APIv3 order
 * (`->then()->otherwise()->wait()`), a 404 caught as Guzzle's ClientException, a forged response caught as
 * RequestException, and an APIv2 micropay — all answered by a mocked handler, the way PHP test suites mock
 * the SDK: `Builder::factory([... 'handler' => HandlerStack::create($mock)])`. The mock signs its answers
 * with a WeChat Pay key made here, so the SDK's verification runs for real; nothing leaves the process.
 *
 * Run it: `npx tsx examples/php-port.ts`. Each block below shows the PHP lines, then their port.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  Builder,
  ClientException,
  Formatter,
  HandlerStack,
  Hash,
  RequestException,
  Response,
  Rsa,
  Transformer,
  closeSyncBridge,
  type Handler,
  type Request,
} from '../lib';

type Print = (line: string) => void;

// ---- the stand-in for WeChat Pay: keys made for this run, and Guzzle's MockHandler -------------------------

const merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000PORT';
const APIV2_SECRET = randomBytes(16).toString('hex');

/** An APIv3 answer signed as WeChat Pay signs it (a `forged` one carries a signature over other text). */
function apiv3Answer(status: number, payload: unknown, forged = false): Response {
  const body = JSON.stringify(payload);
  const timestamp = String(Formatter.timestamp());
  const nonce = Formatter.nonce();
  const signature = Rsa.sign(Formatter.response(timestamp, nonce, forged ? `${body} ` : body), platformKeys.privateKey);
  return new Response(status, {
    'Content-Type': 'application/json',
    'Request-ID': `08F7${randomBytes(8).toString('hex').toUpperCase()}`,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': PLATFORM_SERIAL,
    'Wechatpay-Signature': signature,
    'Wechatpay-Timestamp': timestamp,
  }, body);
}

/** An APIv2 answer: XML fields signed with MD5 and the APIv2 key. */
function apiv2Answer(fields: Record<string, string>): Response {
  const sign = Hash.sign('MD5', Formatter.queryStringLike(Formatter.ksort(fields)), APIV2_SECRET)!;
  return new Response(200, { 'Content-Type': 'text/xml' }, Transformer.toXml({ ...fields, sign }));
}

/** Guzzle's MockHandler: answers the queued responses in order, and prints what it was asked. */
function mockHandler(queue: Response[], print: Print): Handler {
  return (request: Request) => {
    print(`  (mock) ${request.getMethod()} ${request.getRequestTarget()}`);
    const next = queue.shift();
    if (!next) throw new Error('The mock queue is empty.');
    return next;
  };
}

// ---- the PHP script, ported ----------------------------------------------------------------------------------

export function phpPort(print: Print = console.log): void {
  const mock = mockHandler(
    [
      apiv3Answer(200, { individual_auth_id: '1900000109', operation_time: '2018-06-08T10:34:56+08:00', auth_state: 'AUTHORIZED' }),
      apiv3Answer(200, { code_url: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' }),
      apiv3Answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' }),
      apiv3Answer(200, { trade_state: 'SUCCESS' }, true),
      apiv2Answer({ return_code: 'SUCCESS', return_msg: 'OK', appid: 'wx2421b1c4370ec43b', mch_id: '1900000109', result_code: 'SUCCESS', trade_type: 'MICROPAY', out_trade_no: '1217752501201407033233368018', total_fee: '1', nonce_str: Formatter.nonce() }),
    ],
    print,
  );

  // $instance = Builder::factory([
  //     'mchid'      => '1900000109',
  //     'serial'     => '3775B6A45ACD588826D15E583A95F5DD********',
  //     'privateKey' => Rsa::from('file:///path/to/apiclient_key.pem', Rsa::KEY_TYPE_PRIVATE),
  //     'certs'      => ['PUB_KEY_ID_…' => Rsa::from('file:///path/to/pub_key.pem', Rsa::KEY_TYPE_PUBLIC)],
  //     'secret'     => $apiv2Key,
  //     'handler'    => HandlerStack::create($mock),
  // ]);
  const instance = Builder.factory({
    mchid: '1900000109',
    serial: '3775B6A45ACD588826D15E583A95F5DD00000000',
    privateKey: Rsa.from(merchantKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), Rsa.KEY_TYPE_PRIVATE),
    certs: { [PLATFORM_SERIAL]: Rsa.from(platformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), Rsa.KEY_TYPE_PUBLIC) },
    secret: APIV2_SECRET,
    handler: HandlerStack.create(mock),
  });

  // 1. APIv3, synchronous:
  // try {
  //     $resp = $instance->v3->ecommerce->individualContracts->_openid_->get([
  //         'openid' => 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  //         'query'  => ['appid' => 'wxd678efh567h23787', 'permission_type' => 'INDIVIDUAL_PAYEE'],
  //     ]);
  //     echo 'auth_state: ', json_decode((string) $resp->getBody(), true)['auth_state'], PHP_EOL;
  // } catch (ClientException $e) {
  //     echo 'client error: ', $e->getCode(), PHP_EOL;
  // }
  try {
    const resp = instance.v3.ecommerce.individualContracts._openid_.get({
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' },
    });
    print(`auth_state: ${JSON.parse(String(resp.getBody())).auth_state}`);
  } catch (e) {
    if (!(e instanceof ClientException)) throw e;
    print(`client error: ${e.getCode()}`);
  }

  // 2. APIv3, promise, PHP style:
  // $instance->chain('v3/pay/transactions/native')->postAsync(['json' => [...]])
  //     ->then(static function (ResponseInterface $response) {
  //         echo 'code_url: ', json_decode((string) $response->getBody(), true)['code_url'], PHP_EOL;
  //     })
  //     ->otherwise(static function ($e) {
  //         echo 'failed: ', $e->getMessage(), PHP_EOL;
  //     })
  //     ->wait();
  instance
    .chain('v3/pay/transactions/native')
    .postAsync({
      json: {
        appid: 'wxd678efh567h23787',
        mchid: '1900000109',
        description: 'Image形象店-深圳腾大-QQ公仔',
        out_trade_no: '1217752501201407033233368018',
        notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
        amount: { total: 1, currency: 'CNY' },
      },
    })
    .then((response) => {
      print(`code_url: ${JSON.parse(String(response.getBody())).code_url}`);
    })
    .otherwise((e: Error) => {
      print(`failed: ${e.message}`);
    })
    .wait();

  // 3. A WeChat Pay error, caught as Guzzle's exception:
  // try {
  //     $instance->v3->pay->transactions->outTradeNo->_out_trade_no_->get(['out_trade_no' => '…', 'query' => ['mchid' => '1900000109']]);
  // } catch (ClientException $e) {
  //     $r = $e->getResponse();
  //     echo $e->getCode(), ' ', json_decode((string) $r->getBody(), true)['code'], ' Request-ID ', $r->getHeaderLine('Request-ID'), PHP_EOL;
  // }
  try {
    instance.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: '1217752501201407033233368019', query: { mchid: '1900000109' } });
  } catch (e) {
    if (!(e instanceof ClientException)) throw e;
    const r = e.getResponse()!;
    print(`${e.getCode()} ${JSON.parse(String(r.getBody())).code} Request-ID ${r.getHeaderLine('Request-ID')}`);
  }

  // 4. A response whose signature does not hold is never passed on:
  // try { … } catch (RequestException $e) { echo 'refused: ', $e->hasResponse() ? $e->getResponse()->getStatusCode() : '-', PHP_EOL; }
  try {
    instance.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: '1217752501201407033233368018', query: { mchid: '1900000109' } });
    print('accepted (this must not happen)');
  } catch (e) {
    if (!(e instanceof RequestException)) throw e;
    print(`refused: ${e.hasResponse() ? e.getResponse()!.getStatusCode() : '-'} (${e.code})`);
  }

  // 5. APIv2:
  // $res = $instance->v2->pay->micropay->post(['xml' => [
  //     'appid' => 'wx2421b1c4370ec43b', 'mch_id' => '1900000109', 'body' => '…', 'out_trade_no' => '…', 'total_fee' => 1,
  //     'spbill_create_ip' => '14.23.150.211', 'auth_code' => '…',
  // ]]);
  // $fields = Transformer::toArray((string) $res->getBody());
  // echo $fields['result_code'], ' ', $fields['trade_type'], PHP_EOL;
  const res = instance.v2.pay.micropay.post({
    xml: { appid: 'wx2421b1c4370ec43b', mch_id: '1900000109', body: 'image形象店-深圳腾大-QQ公仔', out_trade_no: '1217752501201407033233368018', total_fee: 1, spbill_create_ip: '14.23.150.211', auth_code: '120061098828009406' },
  });
  const fields = Transformer.toArray(String(res.getBody()));
  print(`${fields.result_code} ${fields.trade_type}`);
}

if (require.main === module) {
  try {
    phpPort();
  } finally {
    closeSyncBridge();
  }
}
