/** redact(): what may reach a log never carries a private key, a registered secret or a whole signature. */
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { Request } from '../lib/message/request';
import { redact, registerSecret, rememberSignature, signatureSentFor } from '../lib/redact';

describe('redact', () => {
  it('masks PEM private keys whole', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const out = redact(`key: ${privateKey}`);
    expect(out).toBe('key: -----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----\n');
  });

  it('keeps only the start of an Authorization signature', () => {
    const header = 'WECHATPAY2-SHA256-RSA2048 mchid="1900000109",serial_no="AB",timestamp="1",nonce_str="n",signature="A9AUsxYVRNAolIuW1o+jBiaZzU9O+3UG9vI0g3J8Q=="';
    expect(redact(header)).toBe('WECHATPAY2-SHA256-RSA2048 mchid="1900000109",serial_no="AB",timestamp="1",nonce_str="n",signature="A9AUsxYV…[REDACTED]"');
  });

  it('masks APIv2 sign values but not other text after <sign>', () => {
    expect(redact('<xml><sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>')).toBe('<xml><sign><![CDATA[9A0A…[REDACTED]]]></sign></xml>');
    expect(redact('unclosed element <sign> at offset 5')).toBe('unclosed element <sign> at offset 5');
  });

  it('masks registered secrets wherever they appear', () => {
    registerSecret('exposed_your_key_here_have_risks');
    expect(redact('secret=exposed_your_key_here_have_risks&x=1')).toBe('secret=[REDACTED]&x=1');
  });
});

describe('the signature sent for a request', () => {
  const signature = 'c2lnbmF0dXJlIHNlbnQgZm9yIHRoaXMgcmVxdWVzdCBhbG9uZQ==';

  it('is kept for the request object the signer received, out of sight of inspect, JSON and spreading', () => {
    const request = new Request('GET', 'https://api.mch.weixin.qq.com/v3/certificates');
    expect(signatureSentFor(request)).toBeUndefined();
    rememberSignature(request, signature);
    expect(signatureSentFor(request)).toBe(signature);
    expect(inspect(request, { depth: 8, showHidden: true })).not.toContain(signature.slice(0, 16));
    expect(JSON.stringify(request)).not.toContain(signature.slice(0, 16));
    expect(JSON.stringify({ ...request })).not.toContain(signature.slice(0, 16));
    // Another request (the signed copy, say) has none of its own: it is read from its Authorization header.
    expect(signatureSentFor(request.withHeader('X-Other', '1'))).toBeUndefined();
    expect(signatureSentFor(request.withHeader('Authorization', 'WECHATPAY2-SHA256-RSA2048 signature="abc"'))).toBe('abc');
  });

  it('is kept for any other object too', () => {
    const headers = { first: () => undefined };
    const holder = { headers };
    rememberSignature(holder, signature);
    expect(signatureSentFor(holder)).toBe(signature);
    expect(signatureSentFor({ headers })).toBeUndefined();
  });
});
