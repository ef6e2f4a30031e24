import { InvalidArgumentException } from '../../lib/errors';
import { variableNames } from '../../lib/template/variables';

describe('variableNames', () => {
  it('lists the names in order of first use, once each', () => {
    expect(variableNames('v3/x/{id}{?limit,offset}{/id}{&limit*}')).toEqual(['id', 'limit', 'offset']);
  });

  it('covers every operator and strips modifiers', () => {
    expect(variableNames('{a}{+b}{#c}{.d:3}{/e*}{;f}{?g}{&h}')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('is empty for a template without expressions', () => {
    expect(variableNames('v3/pay/transactions/native')).toEqual([]);
    expect(variableNames('')).toEqual([]);
  });

  it('returns a fresh array each time, so a caller cannot corrupt the cache', () => {
    const first = variableNames('v3/{openid}');
    first.push('mutated');
    expect(variableNames('v3/{openid}')).toEqual(['openid']);
  });

  it('throws on a malformed template', () => {
    expect(() => variableNames('v3/{openid')).toThrow(InvalidArgumentException);
  });
});
