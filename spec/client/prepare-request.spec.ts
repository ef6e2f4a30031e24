import { resolveConfig } from '../../lib/client/config';
import { prepareRequest } from '../../lib/client/prepare-request';

/** An APIv2-only client (no keys needed) on `base`; the URI a request gets does not depend on the protocol's keys. */
function uriOf(base: string, template: string, options?: Record<string, unknown>): string {
  return prepareRequest('GET', template, options, resolveConfig({ mchid: '1900000001', secret: 'k'.repeat(32), base_uri: base })).request.uri.href;
}

describe('prepareRequest: the request URI', () => {
  const bases = [
    'https://api.mch.weixin.qq.com/',
    'http://127.0.0.1:8080/',
    'https://example.com/hk/',
    'https://example.com/hk/index?x=1#frag',
    'https://user:pa%20ss@example.com:8443/a/b',
    'http://[::1]:9000/',
  ];
  const references = [
    'v3/certificates',
    'v3/pay/transactions/id/4200000000?mchid=1900000001',
    'v3/x/a%2Fb/c?q=a%20b&r=%E4%B8%AD',
    'v3/x/中文?q=é',
    'v3/x;y=1/z',
    'v3/a:b',
    '/v3/absolute-path',
    'https://other.example/v3/full-url',
    '//other.example/v3/network-path',
    'v3',
    'v3?x=1',
    'v3:x?y=1',
    '?only=query',
  ];
  it.each(bases)('is RFC 3986 resolution of the expanded template against %s, as the URL parser does it', (base) => {
    for (const reference of references) expect(uriOf(base, reference)).toBe(new URL(reference, base).href);
  });

  it.each(bases)('resolves the path with the `query` option against %s as it resolves the path with that query written', (base) => {
    for (const path of ['v3', 'v3/certificates', 'v3:x', '/v3/absolute-path', 'https://other.example/v3']) {
      expect(uriOf(base, path, { query: { a: 'b c', d: ['e'] } })).toBe(new URL(`${path}?a=b%20c&d%5B0%5D=e`, base).href);
    }
  });

  it('resolves a relative path in one parse and keeps the base path, user info and port', () => {
    expect(uriOf('https://user:pw@example.com:8443/hk/', 'v3/certificates', { query: { a: 1 } })).toBe('https://user:pw@example.com:8443/hk/v3/certificates?a=1');
  });
});
