/**
 * Editor experience, asked of the TypeScript language service itself: after `instance.v3.` the catalogued
 * next segments are offered, in the spelling a caller writes; inside `chain('…')` the templates are;
 * hovering a segment shows the official name and documentation link of what it reaches.
 */
import { completionsAt, hoverAt } from '../helpers/types-compiler';

const preamble = `import type { ChainRoot } from '../../lib/builder/chainable';\ndeclare const instance: ChainRoot;\n`;

describe('completion', () => {
  it('lists the described segments after instance.v3.', () => {
    const names = completionsAt(`${preamble}instance.v3.|`);
    expect(names).toEqual(expect.arrayContaining(['ecommerce', 'pay', 'refund', 'bill', 'billdownload', 'certificates', 'combineTransactions', 'merchant']));
    expect(names).toEqual(expect.arrayContaining(['getAsync', 'get', 'chain']));
    // kebab-case segments are offered in the camelCase a caller writes, never as written in the template
    expect(names).not.toContain('combine-transactions');
  });

  it('lists camelCase and both variable spellings deeper down', () => {
    expect(completionsAt(`${preamble}instance.v3.ecommerce.|`)).toContain('individualContracts');
    expect(completionsAt(`${preamble}instance.v3.ecommerce.individualContracts.|`)).toEqual(
      expect.arrayContaining(['_openid_', '$openid$', 'preEntrustSign', 'preEntrustSignWithRealNameIdentity', 'outContractCode']),
    );
  });

  it('lists the described templates inside chain()', () => {
    const names = completionsAt(`${preamble}instance.chain('|')`);
    expect(names).toEqual(expect.arrayContaining(['v3/ecommerce/individual-contracts/{openid}', 'v3/pay/transactions/jsapi']));
  });

  it('shows the official name and documentation link when hovering a segment', () => {
    const seed = hoverAt(`${preamble}instance.v3.ecommerce.individualContracts._ope|nid_;`);
    expect(seed.documentation).toContain('`GET` 查询个人收款方授权结果');
    expect(seed.documentation).toContain('https://pay.weixin.qq.com/doc/v3/merchant/4012739528');
    expect(hoverAt(`${preamble}instance.v3.profitsharing.ord|ers;`).documentation).toContain('`POST` 请求分账');
    expect(hoverAt(`${preamble}instance.v3.ecommer|ce;`).documentation).toMatch(/\d+ operations under `v3\/ecommerce\/…`: /);
  });

  it('lists every area of the API after instance.v3., and marks sensitive fields', () => {
    expect(completionsAt(`${preamble}instance.v3.|`)).toEqual(expect.arrayContaining(['profitsharing', 'transfer', 'merchantService', 'applyment4sub', 'marketing']));
    const body = hoverAt(`${preamble}instance.v3.profitsharing.receivers.add.postAsync({ json: { appid: 'wx', type: 'MERCHANT_ID', account: 'a', relation_type: 'STORE', na|me: 'x' } });`);
    expect(body.documentation).toContain('Sensitive: sent RSA-OAEP encrypted');
  });
});
