/**
 * MerchantKey: a client's private key is checked at Builder.factory, then kept as its RSA numbers; the
 * process keeps parsed KeyObjects only for recently used keys that sign again. A busy merchant gets the same
 * KeyObject on every use (no re-parse); a key that signs once, or was dropped for idling, is parsed again and
 * signs the same.
 */
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { MerchantKey, DEFAULT_PARSED_KEYS } from '../../lib/keys/merchant-key';
import { privateJwkOf } from '../helpers/jwk';

const pairs = Array.from({ length: 3 }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }));
const signs = (key: KeyObject, publicKey: KeyObject) => verify('sha256', Buffer.from('m'), publicKey, sign('sha256', Buffer.from('m'), key));

afterEach(() => {
  MerchantKey.capacity = DEFAULT_PARSED_KEYS;
});

it('a key that signs once is not kept parsed; signing again soon keeps it, the same KeyObject on every use', () => {
  const key = MerchantKey.load(pairs[0]!.privateKey, '`privateKey`');
  expect(key.isParsed).toBe(false);
  const once = key.use();
  expect(signs(once, pairs[0]!.publicKey)).toBe(true);
  expect(key.isParsed).toBe(false);
  const kept = key.use();
  expect(kept).not.toBe(once);
  expect(kept).not.toBe(pairs[0]!.privateKey); // the caller's object is not kept
  expect(key.isParsed).toBe(true);
  for (let i = 0; i < 5; i++) expect(key.use()).toBe(kept);
  expect(signs(kept, pairs[0]!.publicKey)).toBe(true);
});

it('keys that each sign once leave none parsed', () => {
  const keys = pairs.map((pair) => MerchantKey.load(pair.privateKey, '`privateKey`'));
  const before = MerchantKey.parsedCount;
  keys.forEach((key, i) => expect(signs(key.use(), pairs[i]!.publicKey)).toBe(true));
  expect(MerchantKey.parsedCount).toBe(before);
  expect(keys.map((key) => key.isParsed)).toEqual([false, false, false]);
});

it('past the capacity the least recently used key is dropped, then signs from a fresh parse', () => {
  MerchantKey.capacity = 2;
  const [a, b, c] = pairs.map((pair) => MerchantKey.load(pair.privateKey, '`privateKey`')) as [MerchantKey, MerchantKey, MerchantKey];
  for (const key of [a, b, c]) key.use(), key.use();
  expect(MerchantKey.parsedCount).toBe(2);
  expect([a.isParsed, b.isParsed, c.isParsed]).toEqual([false, true, true]);

  const parsedB = b.use(); // b is now the newest: a's second use drops c
  expect(signs(a.use(), pairs[0]!.publicKey)).toBe(true);
  expect(a.isParsed).toBe(false);
  const parsedA = a.use();
  expect([a.isParsed, b.isParsed, c.isParsed]).toEqual([true, true, false]);
  expect(b.use()).toBe(parsedB);
  expect(MerchantKey.parsedCount).toBe(2);

  expect(signs(c.use(), pairs[2]!.publicKey)).toBe(true);
  expect(signs(parsedA, pairs[0]!.publicKey)).toBe(true);
  expect([a.isParsed, b.isParsed, c.isParsed]).toEqual([true, true, false]);
});

it('a lower capacity drops parsed keys at once; a KeyObject already handed out still signs', () => {
  const keys = pairs.map((pair) => MerchantKey.load(pair.privateKey, '`privateKey`'));
  for (const key of [...keys].reverse()) key.use(), key.use();
  const handedOut = keys[0]!.use();
  MerchantKey.capacity = 1;
  expect(MerchantKey.parsedCount).toBe(1);
  expect(keys[0]!.isParsed).toBe(true);
  expect(keys[2]!.isParsed).toBe(false);
  expect(signs(handedOut, pairs[0]!.publicKey)).toBe(true);
});

it('never exports the caller’s KeyObject as a JWK, which can hang Node 20 for good (numbersOf says how)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = jest.spyOn(privateKey, 'export');
  const key = MerchantKey.load(privateKey, '`privateKey`');
  expect(exported.mock.calls.map(([options]) => (options as { format?: string } | undefined)?.format)).not.toContain('jwk');
  expect(signs(key.use(), publicKey)).toBe(true);
  key.use();
  expect(signs(key.use(), publicKey)).toBe(true);
});

it('prints as [REDACTED], whatever it holds', () => {
  const key = MerchantKey.load(pairs[0]!.privateKey, '`privateKey`');
  const d = privateJwkOf(pairs[0]!.privateKey).d!;
  for (const text of [inspect(key, { showHidden: true, depth: 5 }), JSON.stringify({ key }), String(Object.entries(key))]) {
    expect(text).not.toContain(d.slice(0, 24));
    expect(text).not.toContain(Buffer.from(d, 'base64url').subarray(0, 16).toString('hex'));
  }
  expect(inspect(key)).toBe('[REDACTED]');
});
