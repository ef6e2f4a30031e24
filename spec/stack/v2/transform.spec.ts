/**
 * The APIv2 entries on their own, around a terminal that records the request and plays back a reply:
 * the official signature example (protocol.md §12 V6) byte for byte, PHP's exemption list, and the
 * reply checks that need no server (a bill file, an empty body, the sign-length fallback).
 */
import { createHash, createHmac } from 'node:crypto';
import { HandlerStack, InvalidArgumentException, Request, Response, type Handler, type HandlerOptions } from '../../../lib';
import { isUnsignedEndpoint } from '../../../lib/stack/v2/unsigned-endpoints';
import { V2ResponseFailure } from '../../../lib/stack/v2/v2-response-exception';
import { NO_RETRY_POLICY } from '../../../lib/resilience';
import { v2Stack } from '../../../lib/stack/v2-stack';

const V6 = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
const V6_KEY = '192006250b4c09247ec02edce69f6a2d';
/** One attempt, no failover: these specs are about the XML entries. */
const NO_RETRY = { hosts: { primary: new URL('https://api.mch.weixin.qq.com/'), backups: [] }, policy: NO_RETRY_POLICY };

function stackReplying(reply: (request: Request) => Response, credentials = { mchid: '10000100', secret: V6_KEY }) {
  const sent: Request[] = [];
  const terminal: Handler = (request) => {
    sent.push(request);
    return reply(request);
  };
  const handler = v2Stack(HandlerStack.create(), { ...credentials, retry: NO_RETRY }, terminal).resolve();
  const call = (pathname: string, options: Record<string, unknown>, headers: Record<string, string> = {}) =>
    handler(new Request('POST', `https://api.mch.weixin.qq.com/${pathname}`, headers), { sync: true, protocol: 'v2', pathname, ...options }) as Response;
  return { sent, call };
}

/** The APIv2 rule written out here, independently of lib/: sorted non-empty fields, `&key=`, upper hex. */
function expectedSign(fields: Record<string, string>, type: 'MD5' | 'HMAC-SHA256', key: string): string {
  const text = `${Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '').sort().map((k) => `${k}=${fields[k]}`).join('&')}&key=${key}`;
  return (type === 'MD5' ? createHash('md5') : createHmac('sha256', key)).update(text).digest('hex').toUpperCase();
}

const xmlOf = (fields: Record<string, string>) => `<xml>${Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;

/** A valid signed reply, so the calls below succeed and only the request is under test. */
function signedReply(type: 'MD5' | 'HMAC-SHA256' = 'MD5'): Response {
  const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS', prepay_id: 'wx201411101639507cbf6ffd8b0779950874' };
  return new Response(200, {}, xmlOf({ ...fields, sign: expectedSign(fields, type, V6_KEY) }));
}

describe('transform_request', () => {
  it('reproduces the official MD5 example (V6) byte for byte', () => {
    const { sent, call } = stackReplying(() => signedReply());
    call('pay/unifiedorder', { xml: V6 });
    expect(sent[0]!.body.toString()).toBe(
      '<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info><body>test</body>' +
        '<nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>',
    );
    expect(sent[0]!.getHeaderLine('Content-Type')).toBe('text/xml; charset=utf-8');
    expect(sent[0]!.getHeaderLine('Content-Length')).toBe(String(sent[0]!.body.size));
    expect(sent[0]!.getHeaderLine('Accept')).toBe('text/xml, text/plain, application/x-gzip');
  });

  it('HMAC-SHA256 signs sign_type too, with the secret as key and `&key=` appended', () => {
    const { sent, call } = stackReplying(() => signedReply('HMAC-SHA256'));
    call('pay/unifiedorder', { xml: { ...V6, sign_type: 'HMAC-SHA256' } });
    const sign = /<sign>([0-9A-F]{64})<\/sign><\/xml>$/.exec(sent[0]!.body.toString())?.[1];
    expect(sign).toBe(expectedSign({ ...V6, sign_type: 'HMAC-SHA256' }, 'HMAC-SHA256', V6_KEY));
  });

  it("keeps the caller's Accept", () => {
    const { sent, call } = stackReplying(() => signedReply());
    call('pay/unifiedorder', { xml: V6 }, { Accept: 'text/xml' });
    expect(sent[0]!.getHeaderLine('Accept')).toBe('text/xml');
  });

  it('refuses a mismatched merchant id before calling on', () => {
    const { sent, call } = stackReplying(() => signedReply());
    expect(() => call('pay/unifiedorder', { xml: { ...V6, mch_id: 10000101 } })).toThrow(InvalidArgumentException);
    expect(sent).toEqual([]);
  });
});

describe('transform_response', () => {
  it('passes a bill file from an exempt endpoint untouched (also a return_code=FAIL XML there)', () => {
    const csv = new Response(200, { 'Content-Type': 'text/plain' }, '交易时间,公众账号ID\n`2026-11-26 10:00:00,`wx2421b1c4370ec43b\n');
    const fail = new Response(200, {}, xmlOf({ return_code: 'FAIL', return_msg: 'No Bill Exist' }));
    expect(stackReplying(() => csv).call('pay/downloadbill', { xml: V6 })).toBe(csv);
    expect(stackReplying(() => fail).call('pay/downloadbill', { xml: V6 })).toBe(fail);
  });

  it('PHP TransfersTest: `mchid` as the key and an unsigned reply on promotion/transfers', () => {
    const reply = new Response(200, {}, xmlOf({ return_code: 'SUCCESS', result_code: 'SUCCESS', payment_no: '1000018301201505190181489473' }));
    const { sent, call } = stackReplying(() => reply);
    expect(call('mmpaymkttransfers/promotion/transfers', { xml: { mch_appid: 'wx8888888888888888', mchid: '10000100', amount: 1 } })).toBe(reply);
    expect(sent[0]!.body.toString()).toContain('<mchid>10000100</mchid>');
  });

  it('the same CSV from an endpoint that signs is not XML: XML_INVALID', () => {
    const csv = new Response(200, {}, 'a,b\n1,2\n');
    expect(() => stackReplying(() => csv).call('pay/orderquery', { xml: V6 })).toThrow(expect.objectContaining({ code: V2ResponseFailure.XML_INVALID }));
  });

  it('an empty reply has no return_code', () => {
    expect(() => stackReplying(() => new Response(200)).call('pay/orderquery', { xml: V6 })).toThrow(/the reply has no return_code/);
  });

  it('with no fields to learn the algorithm from (transform_request removed), the sign length decides, as PHP', () => {
    const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS', out_trade_no: '1217752501201407033233368018' };
    for (const type of ['MD5', 'HMAC-SHA256'] as const) {
      const reply = new Response(200, {}, xmlOf({ ...fields, sign: expectedSign(fields, type, V6_KEY) }));
      const stack = v2Stack(HandlerStack.create(), { mchid: '10000100', secret: V6_KEY, retry: NO_RETRY }, () => reply);
      stack.remove('transform_request');
      const options: HandlerOptions = { sync: true, protocol: 'v2', pathname: 'pay/orderquery' };
      expect(stack.resolve()(new Request('POST', 'https://api.mch.weixin.qq.com/pay/orderquery'), options)).toBe(reply);
    }
  });

  it('a 64-character sign on an MD5 request is a mismatch: the request decides, not the length', () => {
    const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS' };
    const reply = new Response(200, {}, xmlOf({ ...fields, sign: expectedSign(fields, 'HMAC-SHA256', V6_KEY) }));
    expect(() => stackReplying(() => reply).call('pay/orderquery', { xml: V6 })).toThrow(expect.objectContaining({ code: V2ResponseFailure.SIGN_MISMATCH }));
  });
});

describe('the exemption list', () => {
  it.each(['pay/downloadbill', 'pay/downloadfundflow', 'mmpaymkttransfers/sendredpack', 'xdc/apiv2getsignkey/sign/getsignkey', 'risk/getpublickey', '/secapi/mch/submchmanage'])(
    '%s is exempt',
    (path) => expect(isUnsignedEndpoint(path)).toBe(true),
  );
  it.each(['pay/micropay', 'secapi/pay/refund', 'pay/DownloadBill', 'pay/downloadbill/', 'sandboxnew/pay/downloadbill', 'mmpaymkttransfers/sendredpack2', ''])(
    '%s is not (exact, case-sensitive)',
    (path) => expect(isUnsignedEndpoint(path)).toBe(false),
  );
});
