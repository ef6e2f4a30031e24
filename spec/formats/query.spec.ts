import { InvalidArgumentException } from '../../lib/errors';
import { buildQuery, mergeQuery } from '../../lib/formats/query';

describe('buildQuery', () => {
  it('encodes the seed query', () => {
    expect(buildQuery({ appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' })).toBe(
      'appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE',
    );
  });

  it('follows http_build_query: null dropped, booleans 1/0, empty string kept, numbers as written', () => {
    expect(buildQuery({ a: null, b: undefined, t: true, f: false, e: '', n: 0, x: 1.5, big: 12n })).toBe('t=1&f=0&e=&n=0&x=1.5&big=12');
  });

  it('uses RFC 3986 encoding: %20 for space, %2B for +, ~ kept, UTF-8 upper-case hex', () => {
    expect(buildQuery({ q: 'a b+c~d*e', 'k y': "!'()", name: '微信支付' })).toBe(
      'q=a%20b%2Bc~d%2Ae&k%20y=%21%27%28%29&name=%E5%BE%AE%E4%BF%A1%E6%94%AF%E4%BB%98',
    );
  });

  it('writes nested lists and objects with PHP bracket keys, encoded', () => {
    expect(buildQuery({ a: { b: ['x', 'y'] }, ids: [1, null, 3], empty: [], deep: { 'c d': { e: true } } })).toBe(
      'a%5Bb%5D%5B0%5D=x&a%5Bb%5D%5B1%5D=y&ids%5B0%5D=1&ids%5B2%5D=3&deep%5Bc%20d%5D%5Be%5D=1',
    );
  });

  it('accepts a top-level list as PHP does (numeric keys)', () => {
    expect(buildQuery(['a', 'b'] as unknown as Record<string, unknown>)).toBe('0=a&1=b');
  });

  it('uses a string verbatim, without one leading `?`', () => {
    expect(buildQuery('a=b c&d=%2F')).toBe('a=b c&d=%2F');
    expect(buildQuery('?a=1')).toBe('a=1');
    expect(buildQuery('??a=1')).toBe('?a=1');
    expect(buildQuery('')).toBe('');
  });

  it('treats null and undefined as no query', () => {
    expect(buildQuery(null)).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });

  it('writes a Stringable value through its toString', () => {
    expect(buildQuery({ u: new URL('https://example.com/a?b') })).toBe('u=https%3A%2F%2Fexample.com%2Fa%3Fb');
  });

  it.each([
    ['a number', 5],
    ['a boolean', true],
    ['a Map', new Map([['a', 1]])],
    ['a function', () => 'a=1'],
  ])('refuses %s as the query', (_, query) => {
    expect(() => buildQuery(query as unknown as string)).toThrow(InvalidArgumentException);
    expect(() => buildQuery(query as unknown as string)).toThrow(/^`query` must be a string or an object/);
  });

  it.each([
    ['a function', { a: () => 1 }, /`query\.a` is a function/],
    ['a symbol', { a: Symbol('a') }, /`query\.a` is a symbol/],
    ['NaN', { a: { b: Number.NaN } }, /`query\.a\[b\]` is the number NaN/],
  ])('refuses %s as a value, naming where it is', (_, query, message) => {
    expect(() => buildQuery(query)).toThrow(message);
  });
});

describe('mergeQuery', () => {
  it('keeps the written query when there is no option, and the option when nothing was written', () => {
    expect(mergeQuery('a=1', '')).toBe('a=1');
    expect(mergeQuery('', 'b=2')).toBe('b=2');
    expect(mergeQuery('', '')).toBe('');
  });

  it('lets the option win per key, keeps the written order, then appends new keys', () => {
    expect(mergeQuery('from=chain&limit=5', 'from=option&n=1')).toBe('from=option&limit=5&n=1');
    expect(mergeQuery('appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE', 'permission_type=OTHER')).toBe(
      'appid=wxd678efh567h23787&permission_type=OTHER',
    );
  });

  it('replaces all pairs of a repeated key together, where the key first appeared', () => {
    expect(mergeQuery('a=1&b=2&a=3', 'a=9&c=1&a=8')).toBe('a=9&a=8&b=2&c=1');
  });

  it('compares keys decoded but keeps the encoded text', () => {
    expect(mergeQuery('ids%5B0%5D=1&x=1', 'ids[0]=2')).toBe('ids[0]=2&x=1');
    expect(mergeQuery('%E7%94%A8=a', `${encodeURIComponent('用')}=b&z`)).toBe('%E7%94%A8=b&z');
  });

  it('merges with buildQuery output, including non-ASCII values and arrays', () => {
    const option = buildQuery({ name: '微信', tags: ['a', 'b'] });
    expect(mergeQuery('name=old&limit=10', option)).toBe('name=%E5%BE%AE%E4%BF%A1&limit=10&tags%5B0%5D=a&tags%5B1%5D=b');
  });

  it('treats a bare key and a key with a stray `%` as keys', () => {
    expect(mergeQuery('flag&a=%zz', 'flag=1')).toBe('flag=1&a=%zz');
    expect(mergeQuery('%zz=1', '%zz=2')).toBe('%zz=2');
  });

  it('drops empty pieces when it merges', () => {
    expect(mergeQuery('a=1&&b=2&', 'c=3')).toBe('a=1&b=2&c=3');
  });
});
