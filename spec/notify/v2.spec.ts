/**
 * APIv2 notifications: payment (sign checked) and refund (req_info decrypted), with fixtures built here
 * with node:crypto alone, and the official signature example of docs/protocol.md §12 V6.
 */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { InvalidArgumentException } from '../../lib/errors';
import { MemoryReplayStore, Notification, NotificationError, NotificationFailure } from '../../lib/notify';

const SECRET = '192006250b4c09247ec02edce69f6a2d';
const V6 = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };

const xml = (fields: Record<string, string>, root = 'xml') =>
  `<${root}>${Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</${root}>`;

/** The APIv2 rule written out here, independently of lib/crypto/hash.ts. */
function signed(fields: Record<string, string>, type: 'MD5' | 'HMAC-SHA256', secret = SECRET): Record<string, string> {
  const text = `${Object.keys(fields).filter((key) => key !== 'sign' && fields[key] !== '').sort().map((key) => `${key}=${fields[key]}`).join('&')}&key=${secret}`;
  const sign = type === 'MD5' ? createHash('md5').update(text).digest('hex') : createHmac('sha256', secret).update(text).digest('hex');
  return { ...fields, sign: sign.toUpperCase() };
}

const payment = {
  appid: 'wx2421b1c4370ec43b',
  attach: '支付测试',
  bank_type: 'CFT',
  fee_type: 'CNY',
  is_subscribe: 'Y',
  mch_id: '10000100',
  nonce_str: '5d2b6c2a8db53831f7eda20af46e531c',
  openid: 'oUpF8uMEb4qRXf22hE3X68TekukE',
  out_trade_no: '1409811653',
  result_code: 'SUCCESS',
  return_code: 'SUCCESS',
  time_end: '20140903131540',
  total_fee: '1',
  trade_type: 'JSAPI',
  transaction_id: '1004400740201409030005092168',
};

function v2Error(fn: () => unknown): NotificationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NotificationError) return error;
    throw error;
  }
  throw new Error('expected a NotificationError');
}

describe('Notification.parseV2: payments', () => {
  it('accepts the official signature example (§12 V6), MD5 and HMAC-SHA256 told apart by length', () => {
    const md5 = Notification.parseV2(xml({ ...V6, sign: '9A0A8659F005D6984697E2CA0A9CF3B7' }), { secret: SECRET });
    expect(md5).toEqual({ type: 'payment', fields: { ...V6, sign: '9A0A8659F005D6984697E2CA0A9CF3B7' } });
    const hmac = Notification.parseV2(xml({ ...V6, sign: '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6' }), { secret: SECRET });
    expect(hmac.type).toBe('payment');
  });

  it.each(['MD5', 'HMAC-SHA256'] as const)('accepts a payment notification signed with sign_type %s, text or bytes', (type) => {
    const body = xml(signed({ ...payment, sign_type: type }, type));
    expect(Notification.parseV2(body, { secret: SECRET }).fields).toMatchObject({ out_trade_no: '1409811653', total_fee: '1', sign_type: type });
    expect(Notification.parseV2(Buffer.from(body), { secret: SECRET }).type).toBe('payment');
  });

  it('refuses an altered field, a wrong secret, a missing sign and an unknown sign_type: SIGNATURE, answered in XML', () => {
    const good = signed(payment, 'MD5');
    const cases = [
      xml({ ...good, total_fee: '100' }),
      xml(signed(payment, 'MD5', 'another-secret-another-secret-32')),
      xml(payment),
      xml(signed({ ...payment, sign_type: 'SHA1' }, 'MD5')),
    ];
    for (const body of cases) {
      const error = v2Error(() => Notification.parseV2(body, { secret: SECRET }));
      expect(error.code).toBe(NotificationFailure.SIGNATURE);
      expect(error.answer).toEqual({
        status: 200,
        headers: { 'Content-Type': 'text/xml; charset=utf-8' },
        body: '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名验证失败]]></return_msg></xml>',
      });
    }
  });

  it('refuses what is not a flat XML message: BODY', () => {
    for (const body of ['{"return_code":"SUCCESS"}', '<xml><a>', '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>', '<xml><a><b>1</b></a></xml>', '<xml/>']) {
      expect(v2Error(() => Notification.parseV2(body, { secret: SECRET })).code).toBe(NotificationFailure.BODY);
    }
    expect(v2Error(() => Notification.parseV2({ return_code: 'SUCCESS' } as never, { secret: SECRET })).message).toMatch(/raw body/);
    expect(() => Notification.parseV2(xml(payment), { secret: '' })).toThrow(InvalidArgumentException);
  });

  it('reports a replay as DUPLICATE, answered SUCCESS so WeChat Pay stops', () => {
    const replay = new MemoryReplayStore();
    const body = xml(signed(payment, 'MD5'));
    Notification.parseV2(body, { secret: SECRET, replay });
    const error = v2Error(() => Notification.parseV2(body, { secret: SECRET, replay }));
    expect(error.code).toBe(NotificationFailure.DUPLICATE);
    expect(error.answer).toEqual(Notification.successV2());
  });
});

describe('Notification.parseV2: refunds', () => {
  const refund = {
    out_refund_no: '131811191610442717309',
    out_trade_no: '71106718111915575302817',
    refund_account: 'REFUND_SOURCE_RECHARGE_FUNDS',
    refund_fee: '3960',
    refund_id: '50000408942018111907145868882',
    refund_recv_accout: '支付用户零钱',
    refund_request_source: 'API',
    refund_status: 'SUCCESS',
    settlement_refund_fee: '3960',
    settlement_total_fee: '3960',
    success_time: '2018-11-19 16:24:13',
    total_fee: '3960',
    transaction_id: '4200000215201811190261405420',
  };
  /** req_info per the official three steps: AES-256-ECB (PKCS#7) under md5 hex of the secret, base64. */
  const reqInfo = (plaintext: string, secret = SECRET) => {
    const cipher = createCipheriv('aes-256-ecb', Buffer.from(createHash('md5').update(secret).digest('hex')), null);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
  };
  const outer = { return_code: 'SUCCESS', appid: 'wx2421b1c4370ec43b', mch_id: '10000100', nonce_str: 'TeqClE3i0mvn3DrK' };

  it('decrypts req_info into the refund fields', () => {
    const parsed = Notification.parseV2(xml({ ...outer, req_info: reqInfo(xml(refund, 'root')) }), { secret: SECRET });
    expect(parsed).toEqual({ type: 'refund', fields: outer, refund });
  });

  it('refuses req_info encrypted under another secret, or not holding a refund: DECRYPT', () => {
    for (const info of [reqInfo(xml(refund, 'root'), 'another-secret-another-secret-32'), reqInfo('not xml'), reqInfo(xml({ hello: 'world' }, 'root')), 'not base64!']) {
      const error = v2Error(() => Notification.parseV2(xml({ ...outer, req_info: info }), { secret: SECRET }));
      expect(error.code).toBe(NotificationFailure.DECRYPT);
      expect(error.message).not.toContain(SECRET);
    }
  });
});
