/** Headers: names compare case-insensitively, with the answers of the plain comparison below. */
import { Headers } from '../../lib/message/headers';

/** The reference: lengths equal, then the name lower-cased equals the one asked for lower-cased. */
function firstByLowerCasing(pairs: Array<[string, string]>, name: string): string | undefined {
  const key = name.toLowerCase();
  return pairs.find(([n]) => n.length === key.length && n.toLowerCase() === key)?.[1];
}

const NAMES = ['Wechatpay-Signature', 'Wechatpay-Timestamp', 'wechatpay-serial', 'WECHATPAY-NONCE', 'Content-Length', 'X-@', 'X-`', 'X-[', 'X-{', 'X-\u212A', 'X-k', 'X-K', 'X-\u0130', 'X-i', 'X-\u03A3', 'X-\u03C3', ''];

it.each(NAMES)('first(%j) finds what lower-casing finds, among names of the same length and last character', (name) => {
  const pairs = NAMES.map((n, i): [string, string] => [n, `value ${i}`]);
  const headers = Headers.from(pairs);
  for (const asked of [name, name.toLowerCase(), name.toUpperCase()]) {
    expect(headers.first(asked)).toBe(firstByLowerCasing(pairs, asked));
    expect(headers.has(asked)).toBe(firstByLowerCasing(pairs, asked) !== undefined);
  }
});

it('tells the Wechatpay-* headers of the same length apart', () => {
  const headers = Headers.from({ 'Wechatpay-Signature': 's', 'Wechatpay-Timestamp': 't' });
  expect(headers.first('wechatpay-timestamp')).toBe('t');
  expect(headers.first('WECHATPAY-SIGNATURE')).toBe('s');
  expect(headers.with('wechatpay-timestamp', 'u').pairs()).toEqual([['Wechatpay-Signature', 's'], ['wechatpay-timestamp', 'u']]);
});
