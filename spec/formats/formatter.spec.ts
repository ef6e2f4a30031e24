import { InvalidArgumentException } from '../../lib/errors';
import { Formatter } from '../../lib/formats/formatter';

describe('Formatter.nonce', () => {
  it.each([32, 16, 100, 1])('gives %i base62 characters', (size) => {
    expect(Formatter.nonce(size)).toMatch(new RegExp(`^[0-9A-Za-z]{${size}}$`));
  });

  it('defaults to 32 characters and does not repeat itself', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => Formatter.nonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(nonce).toHaveLength(32);
  });

  it.each([0, -1, -16, -32, 1.5, Number.NaN])('refuses size %p (PHP FormatterTest)', (size) => {
    expect(() => Formatter.nonce(size)).toThrow(InvalidArgumentException);
    expect(() => Formatter.nonce(size)).toThrow('Size must be a positive integer.');
  });

  it('uses all 62 characters about evenly (no modulo bias towards 0-7)', () => {
    const counts = new Map<string, number>();
    for (const char of Formatter.nonce(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 1000 each; `byte % 62` alone would give 0-7 about 1.25× the rest.
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
    for (const count of counts.values()) expect(count).toBeLessThan(1200);
  });
});

describe('Formatter.timestamp', () => {
  it('is the current Unix time in seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const timestamp = Formatter.timestamp();
    expect(Number.isInteger(timestamp)).toBe(true);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(String(timestamp)).toMatch(/^1[0-9]{9}$/);
  });
});

describe('Formatter.authorization', () => {
  it('puts the fields in PHP’s order, whatever the argument order', () => {
    expect(Formatter.authorization('1900009191', '593BEC0C930BF1AFEB40B4A08C8FB242', 'c2lnbmF0dXJl', 1554208460, '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C')).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",' +
        'timestamp="1554208460",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="c2lnbmF0dXJl"',
    );
  });

  it('matches PHP FormatterTest’s pattern with generated values', () => {
    const value = Formatter.authorization('1234567890', Formatter.nonce(), 'BKyAfU4iMCuv+/XMXS0Wzam3V==', Formatter.timestamp(), '0123456789ABC');
    expect(value).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="[0-9A-Za-z]{1,32}",serial_no="[0-9A-Za-z]{8,40}",timestamp="1[0-9]{9}",nonce_str="[0-9A-Za-z]{16,}",signature="[0-9A-Za-z+/]+={0,2}"$/,
    );
  });
});

describe('Formatter.request / response', () => {
  it('builds the official request signing string (protocol.md V8)', () => {
    expect(Formatter.request('GET', '/v3/certificates', 1554208460, '593BEC0C930BF1AFEB40B4A08C8FB242')).toBe(
      'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
    );
  });

  it('builds wechatpay-go’s signing strings, a body ending in \\n keeping its own (protocol.md V2)', () => {
    expect(Formatter.request('GET', '/v3/certificates', '1624523846', 'A1B2C3D4E5F6G7', '')).toBe(
      'GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n',
    );
    expect(Formatter.request('POST', '/v3/certificates', 1624523846, 'A1B2C3D4E5F6G7', 'Hello World!\n')).toBe(
      'POST\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\nHello World!\n\n',
    );
  });

  it('builds the official response verification strings (protocol.md §2.2, V8)', () => {
    expect(Formatter.response('1722850421', 'd824f2e086d3c1df967785d13fcd22ef', '{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1"}')).toBe(
      '1722850421\nd824f2e086d3c1df967785d13fcd22ef\n{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1"}\n',
    );
    expect(Formatter.response(1554209980, 'c5ac7061fccab6bf3e254dcf98995b8c')).toBe('1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n\n');
  });
});

describe('Formatter.joinedByLineFeed', () => {
  it('ends every piece with \\n and gives nothing for no pieces', () => {
    expect(Formatter.joinedByLineFeed()).toBe('');
    expect(Formatter.joinedByLineFeed('a')).toBe('a\n');
    expect(Formatter.joinedByLineFeed('', '')).toBe('\n\n');
    expect(Formatter.joinedByLineFeed('wx8888888888888888', '1414561699', '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'prepay_id=wx201410272009395522657a690389285100')).toBe(
      'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
    );
  });

  it('casts pieces as PHP does', () => {
    expect(Formatter.joinedByLineFeed(true, false, null, undefined, 2.0, 0)).toBe('1\n\n\n\n2\n0\n');
  });
});

describe('Formatter.ksort', () => {
  const keys = (sorted: Record<string, unknown>) => Object.keys(sorted);

  it.each([
    [{ a: 1, b: 2, aa: 3 }, ['a', 'aa', 'b']],
    [{ rfc1: 1, b: 2, rfc822: 3, rfc2086: 4 }, ['b', 'rfc1', 'rfc2086', 'rfc822']],
    // wechatpay-php issue #41: re_openid sorts before remark.
    [{ remark: 1, re_openid: 2 }, ['re_openid', 'remark']],
    [{ remark: 1, re_openid: 2, REMARK: 3, RE_OPENID: 4 }, ['REMARK', 'RE_OPENID', 're_openid', 'remark']],
  ])('sorts %p byte-wise', (input, expected) => {
    expect(keys(Formatter.ksort(input))).toEqual(expected);
  });

  it('returns a plain ordered object, as PHP returns an array: JSON.stringify and indexing work', () => {
    // $sorted = Formatter::ksort(['b' => '2', 'a' => '1']); json_encode($sorted); $sorted['a'];
    const input = { b: '2', a: '1' };
    const sorted = Formatter.ksort(input);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(JSON.stringify(sorted)).toBe('{"a":"1","b":"2"}');
    expect(sorted['a']).toBe('1');
    expect(Object.keys(input)).toEqual(['b', 'a']);
    expect(keys(Formatter.ksort(new Map([['z', 1], ['y', 2]])))).toEqual(['y', 'z']);
  });

  it('sortedEntries keeps byte order where an object cannot (integer-like keys), and APIv2 signing uses it', () => {
    const input = { b: 1, 9: 2, 10: 3, A: 4 };
    expect(Formatter.sortedEntries(input).map(([k]) => k)).toEqual(['10', '9', 'A', 'b']);
    expect(keys(Formatter.ksort(input))).toEqual(['9', '10', 'A', 'b']); // JavaScript's own rule for integer-like keys
  });

  it('compares UTF-8 bytes, not UTF-16 units', () => {
    // U+FF61 is 0xEF 0xBD 0xA1 in UTF-8, U+1F600 is 0xF0 …: byte order puts U+FF61 first, UTF-16 order the emoji.
    expect(keys(Formatter.ksort({ '\u{1F600}': 1, '\uFF61': 2 }))).toEqual(['\uFF61', '\u{1F600}']);
  });
});

describe('Formatter.queryStringLike', () => {
  it('keeps the given order (PHP FormatterTest)', () => {
    expect(Formatter.queryStringLike({ a: 1, b: 3, aa: 2 })).toBe('a=1&b=3&aa=2');
  });

  it('drops sign, null, undefined and empty values', () => {
    expect(Formatter.queryStringLike({ bob: 1, alice: null, tom: '', sign: 'mock' })).toBe('bob=1');
    expect(Formatter.queryStringLike({ a: undefined, b: 'x', Sign: 'kept' })).toBe('b=x&Sign=kept');
  });

  it('casts booleans and numbers as PHP does, false kept as an empty value', () => {
    expect(Formatter.queryStringLike({ t: true, f: false, z: 0, n: 1.5 })).toBe('t=1&f=&z=0&n=1.5');
  });

  it('does not URL-encode', () => {
    expect(Formatter.queryStringLike({ body: '腾讯充值中心-QQ会员充值', url: 'https://a.b/c?d=e&f' })).toBe(
      'body=腾讯充值中心-QQ会员充值&url=https://a.b/c?d=e&f',
    );
  });

  it('builds the APIv2 signing string from ksort (sortedEntries keeps integer-like keys in byte order)', () => {
    const params = { mch_id: '10000100', nonce_str: 'ibuaiVcKdpRxkhJA', body: 'test', appid: 'wxd930ea5d5a258f4f', device_info: '1000', sign: 'x' };
    expect(Formatter.queryStringLike(Formatter.ksort(params))).toBe(
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA',
    );
    expect(Formatter.queryStringLike(Formatter.sortedEntries({ 9: 'b', 10: 'a' }))).toBe('10=a&9=b');
  });

  it('accepts entry pairs and refuses non-scalar values', () => {
    expect(Formatter.queryStringLike([['b', 1], ['a', 2]])).toBe('b=1&a=2');
    expect(() => Formatter.queryStringLike({ detail: { cost_price: 1 } })).toThrow("queryStringLike: the value of 'detail' is not a scalar.");
    expect(() => Formatter.queryStringLike('a=1' as unknown as Record<string, string>)).toThrow(InvalidArgumentException);
  });
});
