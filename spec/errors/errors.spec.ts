/**
 * The error tree: Guzzle's hierarchy, `instanceof` across two loaded copies of the package (branded with
 * Symbol.for), and nothing secret in messages or JSON.
 */
import * as errors from '../../lib/errors';
import { Request } from '../../lib/message/request';
import { Response } from '../../lib/message/response';

/** A second, separately evaluated copy of lib/errors, as a bundled and an installed copy would be. */
function secondCopy(): typeof errors {
  let copy: typeof errors | undefined;
  jest.isolateModules(() => {
    copy = require('../../lib/errors') as typeof errors;
  });
  return copy!;
}

const request = new Request('GET', 'https://api.mch.weixin.qq.com/v3/x', {
  Authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1",serial_no="A",timestamp="1",nonce_str="n",signature="SECRETSIGNATUREVALUE=="',
});
const response = new Response(404, { 'Request-ID': 'req-1' }, '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}');

describe('error tree', () => {
  it('follows Guzzle 7', () => {
    const client = new errors.ClientException('x', request, response, { code: 'ORDER_NOT_EXIST' });
    for (const Base of [errors.ClientException, errors.BadResponseException, errors.RequestException, errors.TransferException, Error]) expect(client).toBeInstanceOf(Base);
    expect(client).not.toBeInstanceOf(errors.ServerException);
    expect(client).not.toBeInstanceOf(errors.ConnectException);
    expect(new errors.ConnectException('x')).not.toBeInstanceOf(errors.RequestException);
    expect(new errors.InvalidArgumentException('x')).not.toBeInstanceOf(errors.TransferException);
    expect(new errors.SyncModeException('x')).toBeInstanceOf(errors.InvalidArgumentException);
    expect(client.name).toBe('ClientException');
  });

  it('instanceof holds across two copies of the package, both ways, and keeps the hierarchy', () => {
    const other = secondCopy();
    expect(other.ClientException).not.toBe(errors.ClientException);
    const fromOther = new other.ServerException('x', request, response);
    expect(fromOther).toBeInstanceOf(errors.ServerException);
    expect(fromOther).toBeInstanceOf(errors.TransferException);
    expect(fromOther).not.toBeInstanceOf(errors.ClientException);
    expect(new errors.InvalidArgumentException('x')).toBeInstanceOf(other.InvalidArgumentException);
    expect(new Error('plain')).not.toBeInstanceOf(other.TransferException);
    expect({ name: 'ClientException' }).not.toBeInstanceOf(errors.ClientException);
  });

  it('carries the WeChat Pay error and Request-ID', () => {
    const e = new errors.ClientException('x', request, response, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    expect(e).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', errorCode: 'ORDER_NOT_EXIST', errorMessage: '订单不存在', requestId: 'req-1' });
    expect(e.getRequest()).toBe(request);
    expect(e.hasResponse()).toBe(true);
  });

  it('never shows the Authorization signature, in messages or JSON', () => {
    const e = new errors.RequestException(`failed: ${request.getHeaderLine('Authorization')}`, request, response);
    expect(e.message).not.toContain('SECRETSIGNATUREVALUE');
    expect(JSON.stringify(e)).not.toContain('SECRETSIGNATUREVALUE');
    expect(JSON.stringify(request)).not.toContain('SECRETSIGNATUREVALUE');
    expect(JSON.stringify(new errors.ClientException('x', request, response, { code: 'ORDER_NOT_EXIST' }))).toContain('ORDER_NOT_EXIST');
  });
});
