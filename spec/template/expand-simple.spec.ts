/**
 * `expand()` joins the literals of a template made of lone `{name}` expressions around the encoded values
 * (the usual API path) and leaves every other value to the general expansion. Putting `{?unused}` first makes
 * the same template take the general path and adds nothing, so the two paths can be compared value by value.
 */
import { expand } from '../../lib/template/expand';
import { parseTemplate } from '../../lib/template/parse';

const TEMPLATES = ['v3/ecommerce/individual-contracts/{openid}', '{a}', 'x/{a}/y/{b}', '{a}{b}', 'v2/pay/{a}', 'v3/x/{a}/{a}', 'x/{empty}', 'a.{a}/b'];
const VALUES: unknown[] = [
  'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'o 用户', 'a/b', 'a?b#c', '%2e', '%2E%2e', 'x.y', '...', '~-._', "!'()*", '', '.', '..',
  12, 0, -1.5, NaN, true, false, null, undefined, ['a', 'b'], [], { k: 'v' }, {}, new URL('https://x.test/a b'), '\uD800',
];

/** The expansion, or the error's class and message with the template named as in the plain form. */
function outcome(template: string, variables: Record<string, unknown>, strict: boolean, named = template): string {
  try {
    return expand(template, variables, { strict });
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message.split(template).join(named)}`;
  }
}

describe('expand: the join of a simple template', () => {
  it('knows which templates are simple', () => {
    for (const template of TEMPLATES) expect(parseTemplate(template).simple).toBeDefined();
    for (const template of ['{+a}', '{a,b}', '{a:3}', '{a*}', '{/a}', 'x{?q}', '{#a}']) expect(parseTemplate(template).simple).toBeUndefined();
    expect(parseTemplate('x/{a}/y').simple).toEqual({ literals: ['x/', '/y'], names: ['a'] });
  });

  it.each([true, false])('gives what the general expansion gives, errors included (strict: %s)', (strict) => {
    let compared = 0;
    for (const template of TEMPLATES) {
      for (const a of VALUES) {
        for (const b of ['b', a]) {
          const variables = { a, b, openid: a, empty: a };
          const general = `{?unused}${template}`;
          expect(parseTemplate(general).simple).toBeUndefined();
          expect(outcome(template, variables, strict)).toBe(outcome(general, variables, strict, template));
          compared++;
        }
      }
    }
    expect(compared).toBe(TEMPLATES.length * VALUES.length * 2);
  });

  it('reads own properties only, as the general expansion does', () => {
    const inherited = Object.create({ a: 'from-prototype' }) as Record<string, unknown>;
    expect(() => expand('x/{a}', inherited, { strict: true })).toThrow('needs `a`');
    expect(expand('x/{a}', inherited)).toBe('x/');
  });
});
