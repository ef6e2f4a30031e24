/** lib/endpoints: one description per endpoint, each served by the sandbox, rendered for the README. */
import { commonErrors, describeEndpoints, endpoints, errorCodes } from '../../lib/endpoints';
import type { EndpointDescription, FieldSpec, Fields } from '../../lib/endpoints';
import { routes } from '../../lib/sandbox/handlers';

describe('endpoint descriptions', () => {
  it('name each method and path once, and the sandbox serves exactly those', () => {
    const keys = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(routes.map((route) => `${route.endpoint.method} ${route.endpoint.path}`).sort()).toEqual([...keys].sort());
    expect(routes.every((route) => endpoints.includes(route.endpoint as (typeof endpoints)[number]))).toBe(true);
  });

  it('cover the endpoints of issue 4', () => {
    const keys = endpoints.map((endpoint) => `${endpoint.method} /${endpoint.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /v3/ecommerce/individual-contracts/{openid}',
        'POST /v3/ecommerce/individual-contracts/pre-entrust-sign/mini-program',
        'POST /v3/ecommerce/individual-contracts/pre-entrust-sign/app',
        'POST /v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/mini-program',
        'POST /v3/ecommerce/individual-contracts/pre-entrust-sign-with-real-name-identity/app',
        'GET /v3/ecommerce/individual-contracts/out-contract-code/{out_contract_code}',
        'POST /v3/combine-transactions/miniprogram',
        'POST /v3/combine-transactions/app',
        'POST /v3/pay/transactions/jsapi',
        'POST /v3/pay/transactions/app',
        'POST /v3/pay/transactions/native',
        'POST /v3/pay/transactions/h5',
        'GET /v3/pay/transactions/id/{transaction_id}',
        'GET /v3/pay/transactions/out-trade-no/{out_trade_no}',
        'POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close',
        'POST /v3/refund/domestic/refunds',
        'GET /v3/refund/domestic/refunds/{out_refund_no}',
        'GET /v3/bill/tradebill',
        'GET /v3/billdownload/file',
        'GET /v3/certificates',
      ]),
    );
  });

  it('are plain data: JSON round-trips them unchanged (no functions, no undefined)', () => {
    expect(JSON.parse(JSON.stringify(endpoints))).toEqual(endpoints);
  });

  it('declare every path variable as a required path parameter, and only those', () => {
    for (const endpoint of endpoints) {
      const variables = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = 'pathParams' in endpoint ? Object.keys(endpoint.pathParams) : [];
      expect({ path: endpoint.path, variables }).toEqual({ path: endpoint.path, variables: declared });
      if ('pathParams' in endpoint) expect(Object.values(endpoint.pathParams as Fields).every((spec) => spec.required)).toBe(true);
    }
  });

  it('only use known error codes, with consistent field specs', () => {
    const known = Object.keys(errorCodes);
    const walk = (spec: FieldSpec): void => {
      if (spec.type === 'string' && spec.minLength !== undefined && spec.maxLength !== undefined) {
        expect(spec.minLength).toBeLessThanOrEqual(spec.maxLength);
      }
      if (spec.type === 'string' && spec.pattern) expect(() => new RegExp(spec.pattern!)).not.toThrow();
      if (spec.type === 'object') Object.values(spec.properties ?? {}).forEach(walk);
      if (spec.type === 'array') walk(spec.items);
    };
    const list: readonly EndpointDescription[] = endpoints;
    for (const endpoint of list) {
      expect(known).toEqual(expect.arrayContaining([...endpoint.errors, ...commonErrors]));
      for (const fields of [endpoint.query, endpoint.body, endpoint.response.body] as (Fields | undefined)[]) {
        Object.values(fields ?? {}).forEach(walk);
      }
    }
  });

  it('render one markdown line per endpoint for the README', () => {
    const markdown = describeEndpoints();
    expect(describeEndpoints(endpoints)).toBe(markdown);
    const lines = markdown.trimEnd().split('\n');
    expect(lines).toHaveLength(endpoints.length);
    expect(lines[0]).toBe(
      '- `GET /v3/ecommerce/individual-contracts/{openid}` — Query an individual payee’s authorization (查询个人收款方授权结果). ' +
        'Requires `appid` (query), `permission_type` (query). [Docs](https://pay.weixin.qq.com/doc/v3/merchant/4012739528).',
    );
    expect(markdown).toContain('`real_name` (encrypted)');
    expect(markdown).toContain('`transaction_id` or `out_trade_no`');
    expect(markdown).toContain('`GET /v3/billdownload/file` — Download a bill file (下载账单); the response carries no signature. Requires `token` (query). Response not signed. [Docs](https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter7_3_9.shtml).');
  });
});
