/**
 * Editor experience, asked of the TypeScript language service itself: after `instance.v3.` the described
 * next segments are offered, in the spelling a caller writes; inside `chain('…')` the templates are.
 */
import { completionsAt } from '../helpers/types-compiler';

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
});
