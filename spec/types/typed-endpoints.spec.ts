/**
 * The typed chain, checked by the compiler in-process: `must-compile.ts` (including its
 * `@ts-expect-error` lines) type-checks cleanly, and each source below must NOT compile, failing with
 * the diagnostic a user needs to see (the field named, the enum spelled out).
 */
import { typeCheck, type Checked } from '../helpers/types-compiler';

const preamble = [
  `import type { ChainRoot } from '../../lib/builder/chainable';`,
  `export declare const instance: ChainRoot;`,
  `export const seed = instance.v3.ecommerce.individualContracts._openid_;`,
  `export async function run(): Promise<unknown> {`,
].join('\n');

/** What a user's own code starts from: the root that Builder.factory returns. */
const factoryPreamble = [
  `import { Builder } from '../../lib';`,
  `export async function run(): Promise<unknown> {`,
].join('\n');

/** [name, statement(s) inside an async function, the diagnostic expected, the preamble if not the usual one]. */
const mustNotCompile: Array<[string, string, RegExp, string?]> = [
  ['Builder.factory returns the typed root', `return Builder.factory({} as never).v3.ecommerce.individualContracts._openid_.getAsync({ openid: 'o' });`, /Property 'query' is missing/, factoryPreamble],
  ['missing path variable', `return seed.getAsync({ query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });`, /TS2345.*\n?.*Property 'openid' is missing/],
  ['missing required query field', `return seed.getAsync({ openid: 'o', query: { permission_type: 'INDIVIDUAL_PAYEE' } });`, /TS2741.*Property 'appid' is missing/],
  ['missing query', `return seed.get({ openid: 'o' });`, /Property 'query' is missing/],
  ['misspelt query field', `return seed.getAsync({ openid: 'o', query: { appid: 'wx', permisson_type: 'INDIVIDUAL_PAYEE' } });`, /TS2561.*'permisson_type' does not exist.*Did you mean to write 'permission_type'\?/],
  ['misspelt path variable', `return seed.getAsync({ open_id: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });`, /'open_id' does not exist/],
  ['wrong enum value', `return seed.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL' } });`, /TS2322.*Type '"INDIVIDUAL"' is not assignable to type '"INDIVIDUAL_PAYEE"'/],
  ['misspelt response field', `return (await seed.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } })).json().auth_stat;`, /TS2551.*'auth_stat' does not exist.*Did you mean 'auth_state'\?/],
  ['impossible response value', `return (await seed.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } })).json().auth_state === 'AUTHORISED';`, /TS2367.*'"AUTHORIZED" \| "UNAUTHORIZED"' and '"AUTHORISED"' have no overlap/],
  ['chain() is typed the same', `return instance.chain('v3/ecommerce/individual-contracts/{openid}').getAsync({ query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' } });`, /Property 'openid' is missing/],
  ['bracket access is typed the same', `return instance['v3/ecommerce/individual-contracts/{openid}'].get({ openid: 'o', query: { appid: 'wx', permission_type: 'ANY' } });`, /'"ANY"' is not assignable to type '"INDIVIDUAL_PAYEE"'/],
  ['$openid$ is typed the same', `return instance.v3.ecommerce.individualContracts.$openid$.getAsync({ openid: 'o', query: { appid: 'wx' } });`, /Property 'permission_type' is missing/],
  ['nested body field', `return instance.v3.refund.domestic.refunds.postAsync({ json: { out_refund_no: 'r', amount: { refund: 1, total: 1, currency: 'USD' } } });`, /'"USD"' is not assignable to type '"CNY"'/],
  ['json on an endpoint without a body', `return seed.getAsync({ openid: 'o', query: { appid: 'wx', permission_type: 'INDIVIDUAL_PAYEE' }, json: {} });`, /'json' does not exist/],
];

let checked: Checked;

beforeAll(() => {
  const virtual: Record<string, string> = {};
  mustNotCompile.forEach(([, code, , own], i) => (virtual[`virtual-case-${i}.ts`] = `${own ?? preamble}\n  ${code}\n}\n`));
  checked = typeCheck(virtual, ['must-compile.ts']);
});

describe('typed endpoints', () => {
  it('must-compile.ts compiles, every @ts-expect-error in it erring', () => {
    expect(checked.diagnostics('must-compile.ts')).toEqual([]);
  });

  it.each(mustNotCompile.map(([name, , expected], i) => [name, i, expected] as const))('does not compile: %s', (_, i, expected) => {
    const diagnostics = checked.diagnostics(`virtual-case-${i}.ts`);
    expect(diagnostics.join('\n')).toMatch(expected);
    // the single mistake is the only error
    expect(diagnostics).toHaveLength(1);
  });
});
