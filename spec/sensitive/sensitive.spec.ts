/**
 * lib/sensitive: `Sensitive.fields` finds exactly the described sensitive fields (nested, in arrays,
 * in a query); `Sensitive.encrypt` encrypts those and nothing else, for the given platform key, and
 * adds `Wechatpay-Serial`; bad input is refused by name; the descriptions load on first use only.
 */
import { generateKeyPairSync, privateDecrypt, constants } from 'node:crypto';
import fs from 'node:fs';
import { InvalidArgumentException } from '../../lib/errors';
import { findOperation } from '../../lib/endpoints/operations';
import { Sensitive } from '../../lib/sensitive';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { serial: 'PUB_KEY_ID_0114232134912410000000000000', publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
const decrypt = (ciphertext: string) =>
  privateDecrypt({ key: platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64')).toString('utf8');

describe('Sensitive.fields', () => {
  it('lists the sensitive fields of a body, nested objects and array items included', () => {
    expect(Sensitive.fields('v3/profitsharing/orders', 'POST')).toEqual({ json: ['/receivers/*/name'], query: [] });
    const applyment = Sensitive.fields('v3/applyment4sub/applyment/', 'POST');
    expect(applyment.json).toEqual(
      expect.arrayContaining(['/contact_info/contact_name', '/subject_info/identity_info/id_card_info/id_card_number', '/subject_info/ubo_info_list/*/ubo_id_doc_name', '/bank_account_info/account_number']),
    );
    expect(applyment.json).not.toContain('/business_code');
  });

  it('lists sensitive query fields by name, takes a description object, and knows operations without any', () => {
    expect(Sensitive.fields('v3/realname/verify', 'GET').query).toEqual(['encrypted_credential_id', 'encrypted_name']);
    expect(Sensitive.fields(findOperation('POST', 'v3/profitsharing/receivers/add')!)).toEqual({ json: ['/name'], query: [] });
    expect(Sensitive.fields('v3/pay/transactions/jsapi', 'POST')).toEqual({ json: [], query: [] });
  });
});

describe('Sensitive.encrypt', () => {
  const body = {
    appid: 'wx8888888888888888',
    transaction_id: '4208450740201411110007820472',
    out_order_no: 'P20150806125346',
    receivers: [
      { type: 'MERCHANT_ID', account: '86693852', name: '示例商户全称', amount: 888, description: '分给商户' },
      { type: 'PERSONAL_OPENID', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 100, description: '分给个人' },
    ],
    unfreeze_unsplit: true,
  };

  it('encrypts exactly the described fields for the key, and names the key in Wechatpay-Serial', () => {
    const options = Sensitive.encrypt('v3/profitsharing/orders', 'POST', { json: body, headers: { 'Idempotency-Key': 'K1' }, timeout: 5 }, key);
    const { receivers, ...rest } = options.json;
    const { receivers: givenReceivers, ...givenRest } = body;
    expect(rest).toEqual(givenRest);
    expect(decrypt(receivers[0]!.name!)).toBe('示例商户全称');
    expect({ ...receivers[0], name: '示例商户全称' }).toEqual(givenReceivers[0]);
    // An absent sensitive field stays absent.
    expect(receivers[1]).toEqual(givenReceivers[1]);
    expect(options.headers).toEqual({ 'Idempotency-Key': 'K1', 'Wechatpay-Serial': key.serial });
    expect(options.timeout).toBe(5);
    // The caller's body is left as it was.
    expect(body.receivers[0]!.name).toBe('示例商户全称');
  });

  it('encrypts each value afresh (RSA-OAEP is randomized), and a query as well as a body', () => {
    const twice = [0, 1].map(() => Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: { name: '张三' } }, key).json.name);
    expect(twice[0]).not.toBe(twice[1]);
    expect(twice.map(decrypt)).toEqual(['张三', '张三']);
    const { query } = Sensitive.encrypt('v3/realname/verify', 'GET', { query: { encrypted_name: '张三', credential_type: 1, wxp_trade_no: 'T1' } }, key);
    expect(decrypt(query.encrypted_name)).toBe('张三');
    expect(query).toEqual(expect.objectContaining({ credential_type: 1, wxp_trade_no: 'T1' }));
  });

  it.each([
    ['an undescribed operation', () => Sensitive.encrypt('v3/not/described', 'POST', { json: {} }, key), /No described operation POST v3\/not\/described/],
    ['no serial', () => Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: { name: 'x' } }, { ...key, serial: '' }), /serial/],
    ['a sensitive value that is not text', () => Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: { name: 42 } }, key), /\/name must be text/],
    ['a key that is no key', () => Sensitive.encrypt('v3/profitsharing/receivers/add', 'POST', { json: { name: 'x' } }, { ...key, publicKey: 'not a key' }), /.+/],
  ])('refuses %s with InvalidArgumentException', (_, call, message) => {
    expect(call).toThrow(InvalidArgumentException);
    expect(call).toThrow(message);
  });
});

it('loads the descriptions on first use, never when the package is imported', () => {
  const reads = jest.spyOn(fs, 'readFileSync');
  const operationReads = () => reads.mock.calls.filter(([file]) => String(file).endsWith('operations.json')).length;
  jest.isolateModules(() => {
    const root = require('../../lib') as typeof import('../../lib');
    require('../../lib/sandbox');
    expect(operationReads()).toBe(0);
    root.Sensitive.fields('v3/profitsharing/orders', 'POST');
    expect(operationReads()).toBe(1);
    root.Sensitive.fields('v3/profitsharing/receivers/add', 'POST');
    expect(operationReads()).toBe(1);
  });
  reads.mockRestore();
});
