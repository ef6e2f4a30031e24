import { normalizeSegment, splitPath } from '../../lib/builder/normalize';

describe('normalizeSegment', () => {
  // wechatpay-php.md §2.2, where PHP and we agree.
  it.each([
    ['individualContracts', 'individual-contracts'],
    ['MerchantService', 'merchant-service'],
    ['ComplaintsV2', 'complaints-v2'],
    ['combineTransactions', 'combine-transactions'],
    ['OpenID', 'open-i-d'],
    ['_openid_', '{openid}'],
    ['_out_trade_no_', '{out_trade_no}'],
    ['$openid$', '{openid}'],
    ['{transaction_id}', '{transaction_id}'],
    ['{+myurl}', '{+myurl}'],
    ['_', '_'],
    ['x_', 'x_'],
    ['_x', '_x'],
    ['applyment4sub', 'applyment4sub'],
    ['what_ever_endpoints', 'what_ever_endpoints'],
    ['v3', 'v3'],
    ['V3', 'v3'],
    ['', ''],
  ])('%s → %s (as PHP)', (key, expected) => {
    expect(normalizeSegment(key)).toBe(expected);
  });

  // Our deliberate differences (README.md "Where we differ from PHP on purpose").
  it.each([
    ['_outTradeNo_', '{outTradeNo}'], // PHP: {out-trade-no}
    ['_TransactionId_', '{TransactionId}'], // PHP: {-transaction-id}
    ['$outTradeNo$', '{outTradeNo}'],
    ['{+myUrl}', '{+myUrl}'], // PHP: {+my-url}
    ['{?needQueryDetail}', '{?needQueryDetail}'],
    ['subOrders{/subMchid}', 'sub-orders{/subMchid}'],
    ['{id}Detail', '{id}-detail'],
    ['__', '__'], // PHP: {} (then %7B%7D): not a variable, kept literally
    ['$$', '$$'],
    ['___', '{_}'],
  ])('%s → %s (differs from PHP on purpose)', (key, expected) => {
    expect(normalizeSegment(key)).toBe(expected);
  });

  it('keeps a query exactly as written', () => {
    expect(normalizeSegment('certificates?algorithm_type=RSA')).toBe('certificates?algorithm_type=RSA');
    expect(normalizeSegment('subMerchants?offsetLimit=A{&fooBar}')).toBe('sub-merchants?offsetLimit=A{&fooBar}');
  });

  it('does not take a `?` inside braces for the query', () => {
    expect(normalizeSegment('billList{?billDate}')).toBe('bill-list{?billDate}');
  });

  it('touches ASCII capitals only', () => {
    expect(normalizeSegment('ÄpfelÉ')).toBe('ÄpfelÉ');
  });
});

describe('splitPath', () => {
  it.each([
    ['v3/merchantService/complaintsV2', ['v3', 'merchant-service', 'complaints-v2']],
    ['V3/Pay/transactions/native', ['v3', 'pay', 'transactions', 'native']], // PHP: v3/-pay/…
    ['V2/pay/orderquery', ['v2', 'pay', 'orderquery']],
    ['v3/ecommerce/individual-contracts/{openid}', ['v3', 'ecommerce', 'individual-contracts', '{openid}']],
    ['v3/marketing/busifavor/users/_openid_/coupons/$coupon_code$', ['v3', 'marketing', 'busifavor', 'users', '{openid}', 'coupons', '{coupon_code}']],
    [
      'what_ever_endpoints/with-anyDepths_segments/also/contains/{uri_template}/{blah}/blah/',
      ['what_ever_endpoints', 'with-any-depths_segments', 'also', 'contains', '{uri_template}', '{blah}', 'blah', ''],
    ],
    // A leading `/` (host root, RFC 3986) and a trailing `/` (an operation of its own) are kept; `//` inside is not.
    ['/v3//pay/', ['', 'v3', 'pay', '']],
    ['v3/applyment4sub/applyment/', ['v3', 'applyment4sub', 'applyment', '']],
    ['', []],
    ['/', []],
  ])('%s', (path, segments) => {
    expect(splitPath(path)).toEqual({ segments, query: '' });
  });

  it('keeps an absolute URL as one segment, exactly as written, and splits off its query', () => {
    expect(splitPath('https://api.mch.weixin.qq.com/v3/billdownload/file?token=Ab_C')).toEqual({
      segments: ['https://api.mch.weixin.qq.com/v3/billdownload/file'],
      query: 'token=Ab_C',
    });
  });

  it('does not split inside braces', () => {
    expect(splitPath('v3/x{/a,b}/{+my/Url}').segments).toEqual(['v3', 'x{/a,b}', '{+my/Url}']);
    expect(splitPath('v3/{/subMchid}').segments).toEqual(['v3', '{/subMchid}']);
  });

  it('returns the written query unchanged, without its `?`', () => {
    expect(splitPath('v3/certificates?algorithm_type=RSA')).toEqual({ segments: ['v3', 'certificates'], query: 'algorithm_type=RSA' });
    expect(splitPath('v3/x?a=1/B?c')).toEqual({ segments: ['v3', 'x'], query: 'a=1/B?c' });
    expect(splitPath('v3/x?')).toEqual({ segments: ['v3', 'x'], query: '' });
    expect(splitPath('?a=1')).toEqual({ segments: [], query: 'a=1' });
  });

  it('leaves a `?` inside braces in the path', () => {
    expect(splitPath('v3/billList{?billDate,tarType}')).toEqual({ segments: ['v3', 'bill-list{?billDate,tarType}'], query: '' });
  });

  it('gives the same segments as normalising each segment of the chain', () => {
    const chain = ['v3', 'ecommerce', 'individualContracts', '_openid_'];
    expect(splitPath(chain.join('/')).segments).toEqual(chain.map(normalizeSegment));
  });
});
