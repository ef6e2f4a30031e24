/**
 * A user-supplied undici Dispatcher (here a MockAgent standing in for the real api.mch.weixin.qq.com,
 * which cannot be reached from here) serves the promise verbs, with the default base URI: the request
 * still carries a real signature, and the mocked response is still verified.
 */
import { generateKeyPairSync, sign, verify, randomBytes } from 'node:crypto';
import { MockAgent } from 'undici';
import { Builder, InvalidArgumentException, RequestException } from '../../lib';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0114232134912410000000000000MOCK';
const BODY = '{"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}';

function signed(body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), platform.privateKey).toString('base64');
  return { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': SERIAL };
}

function client(agent: MockAgent) {
  return Builder.factory({
    mchid: '1900000109',
    serial: '3775B6A45ACD588826D15E583A95F5DD00000000',
    privateKey: merchant.privateKey,
    certs: { [SERIAL]: platform.publicKey },
    dispatcher: agent,
  });
}

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;
const path = '/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE';

it('sends a signed request to the default host through the dispatcher and verifies the answer', async () => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  let seen: { headers: Record<string, string> } | undefined;
  agent
    .get('https://api.mch.weixin.qq.com')
    .intercept({ path, method: 'GET' })
    .reply((request) => {
      // undici hands the headers over as sent: here a flat [name, value, …] list.
      const raw = request.headers as unknown as string[] | Record<string, string>;
      const pairs = Array.isArray(raw) ? raw.flatMap((v, i) => (i % 2 ? [] : [[v.toLowerCase(), raw[i + 1]!]])) : Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]);
      seen = { headers: Object.fromEntries(pairs) };
      return { statusCode: 200, data: BODY, responseOptions: { headers: { 'content-type': 'application/json', ...signed(BODY) } } };
    });
  const response = await client(agent).v3.ecommerce.individualContracts._openid_.getAsync(options);
  expect(response.json()).toMatchObject({ auth_state: 'AUTHORIZED' });

  const authorization = seen!.headers.authorization!;
  const fields = Object.fromEntries([...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const message = `GET\n${path}\n${fields.timestamp}\n${fields.nonce_str}\n\n`;
  expect(verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(fields.signature!, 'base64'))).toBe(true);
  const userAgent = seen!.headers['user-agent'];
  expect(userAgent).toMatch(/^wechatpay-ts\/\d+\.\d+\.\d+ undici\/7\.\d+\.\d+ Node\/v\d+\.\d+\.\d+ \(\w+; \w+\)$/);
  await agent.close();
});

it('a mocked response whose signature does not match is still refused', async () => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.get('https://api.mch.weixin.qq.com').intercept({ path, method: 'GET' }).reply(200, BODY.replace('1900000109', '1900000110'), { headers: signed(BODY) });
  await expect(client(agent).v3.ecommerce.individualContracts._openid_.getAsync(options)).rejects.toBeInstanceOf(RequestException);
  await agent.close();
});

it('refuses the synchronous verbs, which cannot use a Dispatcher object', () => {
  const agent = new MockAgent();
  expect(() => client(agent).v3.ecommerce.individualContracts._openid_.get(options)).toThrow(InvalidArgumentException);
  expect(() => client(agent).v3.ecommerce.individualContracts._openid_.get(options)).toThrow(/`dispatcher` serves the promise verbs only/);
});
