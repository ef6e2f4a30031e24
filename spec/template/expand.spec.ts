import { InvalidArgumentException } from '../../lib/errors';
import { expand } from '../../lib/template/expand';

// The variable set of RFC 6570 §1.2 and §3.2 (objects keep insertion order, so `keys` expands in
// the order the RFC prints).
const rfc: Record<string, unknown> = {
  count: ['one', 'two', 'three'],
  dom: ['example', 'com'],
  dub: 'me/too',
  hello: 'Hello World!',
  half: '50%',
  var: 'value',
  who: 'fred',
  base: 'http://example.com/home/',
  path: '/foo/bar',
  list: ['red', 'green', 'blue'],
  keys: { semi: ';', dot: '.', comma: ',' },
  v: '6',
  x: '1024',
  y: '768',
  empty: '',
  empty_keys: {},
  undef: null,
};

type Table = ReadonlyArray<readonly [template: string, expected: string]>;

function table(title: string, cases: Table): void {
  describe(title, () => {
    it.each(cases)('%s → %s', (template, expected) => {
      expect(expand(template, rfc)).toBe(expected);
    });
  });
}

describe('RFC 6570 §1.2 examples', () => {
  table('level 1', [
    ['{var}', 'value'],
    ['{hello}', 'Hello%20World%21'],
  ]);
  table('level 2', [
    ['{+var}', 'value'],
    ['{+hello}', 'Hello%20World!'],
    ['{+path}/here', '/foo/bar/here'],
    ['here?ref={+path}', 'here?ref=/foo/bar'],
    ['X{#var}', 'X#value'],
    ['X{#hello}', 'X#Hello%20World!'],
  ]);
  table('level 3', [
    ['map?{x,y}', 'map?1024,768'],
    ['{x,hello,y}', '1024,Hello%20World%21,768'],
    ['{+x,hello,y}', '1024,Hello%20World!,768'],
    ['{+path,x}/here', '/foo/bar,1024/here'],
    ['{#x,hello,y}', '#1024,Hello%20World!,768'],
    ['{#path,x}/here', '#/foo/bar,1024/here'],
    ['X{.var}', 'X.value'],
    ['X{.x,y}', 'X.1024.768'],
    ['{/var}', '/value'],
    ['{/var,x}/here', '/value/1024/here'],
    ['{;x,y}', ';x=1024;y=768'],
    ['{;x,y,empty}', ';x=1024;y=768;empty'],
    ['{?x,y}', '?x=1024&y=768'],
    ['{?x,y,empty}', '?x=1024&y=768&empty='],
    ['?fixed=yes{&x}', '?fixed=yes&x=1024'],
    ['{&x,y,empty}', '&x=1024&y=768&empty='],
  ]);
  table('level 4', [
    ['{var:3}', 'val'],
    ['{var:30}', 'value'],
    ['{list}', 'red,green,blue'],
    ['{list*}', 'red,green,blue'],
    ['{keys}', 'semi,%3B,dot,.,comma,%2C'],
    ['{keys*}', 'semi=%3B,dot=.,comma=%2C'],
    ['{+path:6}/here', '/foo/b/here'],
    ['{+list}', 'red,green,blue'],
    ['{+list*}', 'red,green,blue'],
    ['{+keys}', 'semi,;,dot,.,comma,,'],
    ['{+keys*}', 'semi=;,dot=.,comma=,'],
    ['{#path:6}/here', '#/foo/b/here'],
    ['{#list}', '#red,green,blue'],
    ['{#list*}', '#red,green,blue'],
    ['{#keys}', '#semi,;,dot,.,comma,,'],
    ['{#keys*}', '#semi=;,dot=.,comma=,'],
    ['X{.var:3}', 'X.val'],
    ['X{.list}', 'X.red,green,blue'],
    ['X{.list*}', 'X.red.green.blue'],
    ['X{.keys}', 'X.semi,%3B,dot,.,comma,%2C'],
    ['X{.keys*}', 'X.semi=%3B.dot=..comma=%2C'],
    ['{/var:1,var}', '/v/value'],
    ['{/list}', '/red,green,blue'],
    ['{/list*}', '/red/green/blue'],
    ['{/list*,path:4}', '/red/green/blue/%2Ffoo'],
    ['{/keys}', '/semi,%3B,dot,.,comma,%2C'],
    ['{/keys*}', '/semi=%3B/dot=./comma=%2C'],
    ['{;hello:5}', ';hello=Hello'],
    ['{;list}', ';list=red,green,blue'],
    ['{;list*}', ';list=red;list=green;list=blue'],
    ['{;keys}', ';keys=semi,%3B,dot,.,comma,%2C'],
    ['{;keys*}', ';semi=%3B;dot=.;comma=%2C'],
    ['{?var:3}', '?var=val'],
    ['{?list}', '?list=red,green,blue'],
    ['{?list*}', '?list=red&list=green&list=blue'],
    ['{?keys}', '?keys=semi,%3B,dot,.,comma,%2C'],
    ['{?keys*}', '?semi=%3B&dot=.&comma=%2C'],
    ['{&var:3}', '&var=val'],
    ['{&list}', '&list=red,green,blue'],
    ['{&list*}', '&list=red&list=green&list=blue'],
    ['{&keys}', '&keys=semi,%3B,dot,.,comma,%2C'],
    ['{&keys*}', '&semi=%3B&dot=.&comma=%2C'],
  ]);
});

describe('RFC 6570 §3.2 examples', () => {
  table('3.2.1 variable expansion', [
    ['{count}', 'one,two,three'],
    ['{count*}', 'one,two,three'],
    ['{/count}', '/one,two,three'],
    ['{/count*}', '/one/two/three'],
    ['{;count}', ';count=one,two,three'],
    ['{;count*}', ';count=one;count=two;count=three'],
    ['{?count}', '?count=one,two,three'],
    ['{?count*}', '?count=one&count=two&count=three'],
    ['{&count*}', '&count=one&count=two&count=three'],
  ]);
  table('3.2.2 simple string expansion', [
    ['{var}', 'value'],
    ['{hello}', 'Hello%20World%21'],
    ['{half}', '50%25'],
    ['O{empty}X', 'OX'],
    ['O{undef}X', 'OX'],
    ['{x,y}', '1024,768'],
    ['{x,hello,y}', '1024,Hello%20World%21,768'],
    ['?{x,empty}', '?1024,'],
    ['?{x,undef}', '?1024'],
    ['?{undef,y}', '?768'],
    ['{var:3}', 'val'],
    ['{var:30}', 'value'],
    ['{list}', 'red,green,blue'],
    ['{list*}', 'red,green,blue'],
    ['{keys}', 'semi,%3B,dot,.,comma,%2C'],
    ['{keys*}', 'semi=%3B,dot=.,comma=%2C'],
  ]);
  table('3.2.3 reserved expansion', [
    ['{+var}', 'value'],
    ['{+hello}', 'Hello%20World!'],
    ['{+half}', '50%25'],
    ['{base}index', 'http%3A%2F%2Fexample.com%2Fhome%2Findex'],
    ['{+base}index', 'http://example.com/home/index'],
    ['O{+empty}X', 'OX'],
    ['O{+undef}X', 'OX'],
    ['{+path}/here', '/foo/bar/here'],
    ['here?ref={+path}', 'here?ref=/foo/bar'],
    ['up{+path}{var}/here', 'up/foo/barvalue/here'],
    ['{+x,hello,y}', '1024,Hello%20World!,768'],
    ['{+path,x}/here', '/foo/bar,1024/here'],
    ['{+path:6}/here', '/foo/b/here'],
    ['{+list}', 'red,green,blue'],
    ['{+list*}', 'red,green,blue'],
    ['{+keys}', 'semi,;,dot,.,comma,,'],
    ['{+keys*}', 'semi=;,dot=.,comma=,'],
  ]);
  table('3.2.4 fragment expansion', [
    ['{#var}', '#value'],
    ['{#hello}', '#Hello%20World!'],
    ['{#half}', '#50%25'],
    ['foo{#empty}', 'foo#'],
    ['foo{#undef}', 'foo'],
    ['{#x,hello,y}', '#1024,Hello%20World!,768'],
    ['{#path,x}/here', '#/foo/bar,1024/here'],
    ['{#path:6}/here', '#/foo/b/here'],
    ['{#list}', '#red,green,blue'],
    ['{#list*}', '#red,green,blue'],
    ['{#keys}', '#semi,;,dot,.,comma,,'],
    ['{#keys*}', '#semi=;,dot=.,comma=,'],
  ]);
  table('3.2.5 label expansion with dot-prefix', [
    ['{.who}', '.fred'],
    ['{.who,who}', '.fred.fred'],
    ['{.half,who}', '.50%25.fred'],
    ['www{.dom*}', 'www.example.com'],
    ['X{.var}', 'X.value'],
    ['X{.empty}', 'X.'],
    ['X{.undef}', 'X'],
    ['X{.var:3}', 'X.val'],
    ['X{.list}', 'X.red,green,blue'],
    ['X{.list*}', 'X.red.green.blue'],
    ['X{.keys}', 'X.semi,%3B,dot,.,comma,%2C'],
    ['X{.keys*}', 'X.semi=%3B.dot=..comma=%2C'],
    ['X{.empty_keys}', 'X'],
    ['X{.empty_keys*}', 'X'],
  ]);
  table('3.2.6 path segment expansion', [
    ['{/who}', '/fred'],
    ['{/who,who}', '/fred/fred'],
    ['{/half,who}', '/50%25/fred'],
    ['{/who,dub}', '/fred/me%2Ftoo'],
    ['{/var}', '/value'],
    ['{/var,empty}', '/value/'],
    ['{/var,undef}', '/value'],
    ['{/var,x}/here', '/value/1024/here'],
    ['{/var:1,var}', '/v/value'],
    ['{/list}', '/red,green,blue'],
    ['{/list*}', '/red/green/blue'],
    ['{/list*,path:4}', '/red/green/blue/%2Ffoo'],
    ['{/keys}', '/semi,%3B,dot,.,comma,%2C'],
    ['{/keys*}', '/semi=%3B/dot=./comma=%2C'],
  ]);
  table('3.2.7 path-style parameter expansion', [
    ['{;who}', ';who=fred'],
    ['{;half}', ';half=50%25'],
    ['{;empty}', ';empty'],
    ['{;v,empty,who}', ';v=6;empty;who=fred'],
    ['{;v,bar,who}', ';v=6;who=fred'],
    ['{;x,y}', ';x=1024;y=768'],
    ['{;x,y,empty}', ';x=1024;y=768;empty'],
    ['{;x,y,undef}', ';x=1024;y=768'],
    ['{;hello:5}', ';hello=Hello'],
    ['{;list}', ';list=red,green,blue'],
    ['{;list*}', ';list=red;list=green;list=blue'],
    ['{;keys}', ';keys=semi,%3B,dot,.,comma,%2C'],
    ['{;keys*}', ';semi=%3B;dot=.;comma=%2C'],
  ]);
  table('3.2.8 form-style query expansion', [
    ['{?who}', '?who=fred'],
    ['{?half}', '?half=50%25'],
    ['{?x,y}', '?x=1024&y=768'],
    ['{?x,y,empty}', '?x=1024&y=768&empty='],
    ['{?x,y,undef}', '?x=1024&y=768'],
    ['{?var:3}', '?var=val'],
    ['{?list}', '?list=red,green,blue'],
    ['{?list*}', '?list=red&list=green&list=blue'],
    ['{?keys}', '?keys=semi,%3B,dot,.,comma,%2C'],
    ['{?keys*}', '?semi=%3B&dot=.&comma=%2C'],
  ]);
  table('3.2.9 form-style query continuation', [
    ['{&who}', '&who=fred'],
    ['{&half}', '&half=50%25'],
    ['?fixed=yes{&x}', '?fixed=yes&x=1024'],
    ['{&x,y,empty}', '&x=1024&y=768&empty='],
    ['{&x,y,undef}', '&x=1024&y=768'],
    ['{&var:3}', '&var=val'],
    ['{&list}', '&list=red,green,blue'],
    ['{&list*}', '&list=red&list=green&list=blue'],
    ['{&keys}', '&keys=semi,%3B,dot,.,comma,%2C'],
    ['{&keys*}', '&semi=%3B&dot=.&comma=%2C'],
  ]);
});

describe('encoding', () => {
  const contract = 'v3/ecommerce/individual-contracts/{openid}';

  it.each([
    ['../../v3/refund', 'v3/ecommerce/individual-contracts/..%2F..%2Fv3%2Frefund'],
    ['a?b=1', 'v3/ecommerce/individual-contracts/a%3Fb%3D1'],
    ['a#frag', 'v3/ecommerce/individual-contracts/a%23frag'],
    ['a/b', 'v3/ecommerce/individual-contracts/a%2Fb'],
    ['%2F', 'v3/ecommerce/individual-contracts/%252F'],
    ['{x}', 'v3/ecommerce/individual-contracts/%7Bx%7D'],
  ])('a simple variable cannot change the path: %s', (openid, expected) => {
    expect(expand(contract, { openid }, { strict: true })).toBe(expected);
  });

  it('encodes non-ASCII as upper-case UTF-8 triplets and keeps only unreserved characters', () => {
    expect(expand(contract, { openid: "o 用户~!*()'-_." })).toBe(
      'v3/ecommerce/individual-contracts/o%20%E7%94%A8%E6%88%B7~%21%2A%28%29%27-_.',
    );
  });

  it('encodes characters outside the BMP as four UTF-8 bytes and counts them as one for a prefix', () => {
    expect(expand('{x}', { x: '😀a' })).toBe('%F0%9F%98%80a');
    expect(expand('{x:1}', { x: '😀a' })).toBe('%F0%9F%98%80');
    expect(expand('{x:2}', { x: '用户名' })).toBe('%E7%94%A8%E6%88%B7');
  });

  it('{+x} keeps an existing %2F: the media id of wechatpay-php DownloadTest reaches the server as written', () => {
    const mediaId = 'ChsyMDAyMDgwMjAyMjAyMTgxMTA0NDEzMTEwMzASGzMwMDIwMDAyMDIyMDIxODE1MDQ0MTcwOTI5NhgAIO%2FFR1pAGKAMwAjgB';
    expect(expand('v3/merchant-service/images/{+media_slot_url}', { media_slot_url: mediaId }, { strict: true })).toBe(
      `v3/merchant-service/images/${mediaId}`,
    );
    // The simple form encodes the `%` like any other character.
    expect(expand('v3/merchant-service/images/{media_slot_url}', { media_slot_url: mediaId })).toContain('%252F');
  });

  it('{+x} passes reserved characters and encodes the rest, including a `%` that starts no triplet', () => {
    expect(expand('v3/x/{+v}', { v: "o 用户/~!*()'%2F:@&=+$,;?#[]" })).toBe(
      "v3/x/o%20%E7%94%A8%E6%88%B7/~!*()'%2F:@&=+$,;?#[]",
    );
    expect(expand('{+v}', { v: '100%' })).toBe('100%25');
    expect(expand('{+v}', { v: '%zz%4' })).toBe('%25zz%254');
    expect(expand('{+v}', { v: 'a"b<c>d\\e^f`g{h|i}j' })).toBe('a%22b%3Cc%3Ed%5Ce%5Ef%60g%7Bh%7Ci%7Dj');
  });

  it('encodes template literals that are not allowed in a URI and keeps those that are', () => {
    expect(expand('v3/用户 x/{id}', { id: 1 })).toBe('v3/%E7%94%A8%E6%88%B7%20x/1');
    expect(expand("v3/certificates?a=b&c=%2F'*", {})).toBe("v3/certificates?a=b&c=%2F'*");
  });

  it('refuses a value with a lone UTF-16 surrogate, which has no UTF-8 form', () => {
    expect(() => expand('{x}', { x: 'a\uD800' })).toThrow(InvalidArgumentException);
  });
});

describe('scalars, lists and objects', () => {
  it('writes numbers, bigints and booleans as PHP guzzle/uri-template does', () => {
    expect(expand('{a}/{b}/{c}/{t}/{f}', { a: 123, b: 1.5, c: 10n ** 20n, t: true, f: false })).toBe('123/1.5/100000000000000000000/1/');
    expect(expand('{?need_query_detail,offset,limit}', { need_query_detail: true, offset: 0, limit: 20 })).toBe(
      '?need_query_detail=1&offset=0&limit=20',
    );
    expect(expand('{?flag}{;flag}', { flag: false })).toBe('?flag=;flag');
  });

  it('writes a Stringable object through its toString, as PHP casts it', () => {
    expect(expand('{+u}', { u: new URL('https://example.com/a b') })).toBe('https://example.com/a%20b');
  });

  it('skips null members of lists and objects', () => {
    expect(expand('{/list*}', { list: ['a', null, undefined, 'b'] })).toBe('/a/b');
    expect(expand('{?keys*}', { keys: { a: 1, b: null, c: undefined, d: '' } })).toBe('?a=1&d=');
    expect(expand('X{/list}', { list: [null] })).toBe('X');
  });

  it('keeps an empty string member: `;` and `?` write the name alone or with `=`', () => {
    expect(expand('{;list*}', { list: ['a', ''] })).toBe(';list=a;list');
    expect(expand('{?list*}', { list: ['a', ''] })).toBe('?list=a&list=');
    expect(expand('{keys*}', { keys: { a: '' } })).toBe('a=');
  });

  it('encodes object keys like values', () => {
    expect(expand('{?keys*}', { keys: { 'a b': 'c d' } })).toBe('?a%20b=c%20d');
  });

  it.each([
    ['a function', { x: () => 1 }],
    ['a symbol', { x: Symbol('x') }],
    ['NaN', { x: Number.NaN }],
    ['Infinity', { x: Number.POSITIVE_INFINITY }],
    ['a Map', { x: new Map() }],
    ['a nested list', { x: [['a']] }],
    ['a nested object', { x: { a: { b: 1 } } }],
  ])('refuses %s', (_, variables) => {
    expect(() => expand('{x}', variables)).toThrow(InvalidArgumentException);
  });

  it('refuses a prefix on a list or object (RFC 6570 §2.4.1)', () => {
    expect(() => expand('{keys:1}', rfc)).toThrow(/a prefix applies to strings only/);
    expect(() => expand('{+list:1}', rfc)).toThrow(InvalidArgumentException);
  });

  it('looks up own properties only', () => {
    expect(expand('x{constructor}{toString}y', {})).toBe('xy');
    expect(() => expand('{constructor}', {}, { strict: true })).toThrow(/needs `constructor`/);
    expect(expand('{a}', Object.assign(Object.create(null) as Record<string, unknown>, { a: 'b' }))).toBe('b');
  });
});

describe('strict mode', () => {
  const contract = 'v3/ecommerce/individual-contracts/{openid}';

  it.each([
    ['missing', {}],
    ['null', { openid: null }],
    ['undefined', { openid: undefined }],
  ])('a %s path variable is an InvalidArgumentException naming the variable and the template', (_, variables) => {
    let caught: unknown;
    try {
      expand(contract, variables, { strict: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentException);
    expect((caught as Error).message).toBe(
      'The URI template `v3/ecommerce/individual-contracts/{openid}` needs `openid`, but the options have none (or it is null)',
    );
  });

  it.each(['{x}', '{+x}', '{#x}', '{.x}', '{/x}', '{;x}', '{y,x}'])('requires the variables of %s', (template) => {
    expect(() => expand(template, { y: 1 }, { strict: true })).toThrow(/needs `x`/);
  });

  it('keeps {?x} and {&x} optional', () => {
    expect(expand('v3/x{?limit,offset}{&after}', { limit: 10 }, { strict: true })).toBe('v3/x?limit=10');
  });

  it.each([
    ['a/{x}', ''],
    ['a/{x}', false],
    ['a/{x}', []],
    ['a/{x}', {}],
    ['a/{x}', ['']],
    ['a{/x*}', []],
    ['a/{+x}/b', ''],
    ['a/{x}/b', ''],
  ])('refuses %s with %j: it would send an empty segment', (template, x) => {
    expect(() => expand(template, { x }, { strict: true })).toThrow(/expands to an empty segment/);
  });

  it("allows `''` only as the trailing-slash idiom: a lone {empty} that ends the path after a /", () => {
    expect(expand('v3/applyment4sub/applyment/{empty}', { empty: '' }, { strict: true })).toBe('v3/applyment4sub/applyment/');
    expect(expand('v3/applyment4sub/applyment/{empty}?a=1', { empty: '' }, { strict: true })).toBe('v3/applyment4sub/applyment/?a=1');
    expect(() => expand('v3/applyment4sub/{empty}/x', { empty: '' }, { strict: true })).toThrow(/empty segment/);
    expect(() => expand('v3/applyment4sub/applyment/{empty}', { empty: false }, { strict: true })).toThrow(/empty segment/);
  });

  it('refuses dot-segments that would climb the path, but only in strict mode', () => {
    expect(() => expand(contract, { openid: '..' }, { strict: true })).toThrow(/dot-segment/);
    expect(() => expand('v3{/a*}', { a: ['x', '.'] }, { strict: true })).toThrow(/dot-segment/);
    expect(expand(contract, { openid: '..' })).toBe('v3/ecommerce/individual-contracts/..');
    expect(expand(contract, { openid: '...' }, { strict: true })).toBe('v3/ecommerce/individual-contracts/...');
  });

  it('without strict, follows RFC 6570: undefined variables expand to nothing', () => {
    expect(expand(contract, {})).toBe('v3/ecommerce/individual-contracts/');
  });
});

describe('malformed templates', () => {
  it.each([
    ['{/id*', /`\{` at offset 0 is never closed/],
    ['/id*}', /`\}` at offset 4 closes no `\{`/],
    ['{}', /empty expression/],
    ['{/?id}', /variable `\?id`/],
    ['{var:prefix}', /prefix `:prefix`/],
    ['{var:0}', /prefix `:0`/],
    ['{var:010}', /prefix `:010`/],
    ['{var:10000}', /prefix `:10000`/],
    ['{hello:2*}', /variable `hello:2`/],
    ['{??hello}', /variable `\?hello`/],
    ['{!hello}', /reserves/],
    ['{=path}', /reserves/],
    ['{,x}', /reserves/],
    ['{@x}', /reserves/],
    ['{|var*}', /reserves/],
    ['{$var}', /variable `\$var`/],
    ['{*keys?}', /variable `\*keys\?`/],
    ['{?empty=default,var}', /variable `empty=default`/],
    ['{var}{-prefix|/-/|var}', /variable `-prefix\|\/-\/\|var`/],
    ['?q={searchTerms}&amp;c={example:color?}', /prefix `:color\?`/],
    ['x{?empty|foo=none}', /variable/],
    ['/h{#hello+}', /variable `hello\+`/],
    ['/h#{hello+}', /variable `hello\+`/],
    ['{;keys:1*}', /variable `keys:1`/],
    ['?{-join|&|var,list}', /variable/],
    ['/people/{~thing}', /variable `~thing`/],
    ['/sparql{?query){&default-graph-uri*}', /variable `query\)\{&default-graph-uri`/],
    ['/resolution{?x, y}', /variable ` y`/],
    ['{with space}', /variable `with space`/],
    ['{out-trade-no}', /variable `out-trade-no`/],
    ['{a..b}', /variable `a\.\.b`/],
    ['{.a.}', /variable `a\.`/],
    ['{a,}', /variable ``/],
  ])('%s', (template, reason) => {
    expect(() => expand(template, { var: 'value', hello: 'Hello', id: 'x' })).toThrow(InvalidArgumentException);
    expect(() => expand(template, {})).toThrow(reason);
  });

  it('names the template in the message', () => {
    expect(() => expand('v3/{a b}', {})).toThrow(/^The URI template `v3\/\{a b\}` is malformed: /);
  });

  it('accepts the varname forms RFC 6570 allows', () => {
    expect(expand('{a.b}{%41}{_1}{9}{out_trade_no:3}', { 'a.b': 1, '%41': 2, _1: 3, 9: 4, out_trade_no: 'abcdef' })).toBe('1234abc');
    expect(expand('{x:9999}', { x: 'y' })).toBe('y');
  });

  it('throws on every call, not only the first (errors are not cached as templates)', () => {
    expect(() => expand('{x', {})).toThrow(InvalidArgumentException);
    expect(() => expand('{x', {})).toThrow(InvalidArgumentException);
  });
});

describe('parse cache', () => {
  it('stays correct past its bound: every template still expands to its own result', () => {
    for (let i = 0; i < 5000; i++) expect(expand(`v3/n${i}/{id}`, { id: i })).toBe(`v3/n${i}/${i}`);
    expect(expand('v3/n0/{id}', { id: 'again' })).toBe('v3/n0/again');
  });
});
