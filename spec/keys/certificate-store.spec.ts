/**
 * CertificateStore keeps one key without a Map and moves to a Map on the second: both forms answer alike
 * (get, has, serials in insertion order, size, delete, replacing a key under the same serial).
 */
import { generateKeyPairSync } from 'node:crypto';
import { CertificateStore } from '../../lib/keys/certificate-store';

const [a, b, c] = Array.from({ length: 3 }, () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);

it('one key: found by its serial only; replaced under the same serial; deleted', () => {
  const store = new CertificateStore([['PUB_KEY_ID_A', a!]]);
  expect(store.get('PUB_KEY_ID_A')).toBe(a);
  expect(store.get('PUB_KEY_ID_B')).toBeUndefined();
  expect([store.has('PUB_KEY_ID_A'), store.has('PUB_KEY_ID_B')]).toEqual([true, false]);
  store.set('PUB_KEY_ID_A', b!);
  expect(store.get('PUB_KEY_ID_A')).toBe(b);
  expect([store.serials(), store.size]).toEqual([['PUB_KEY_ID_A'], 1]);
  expect(store.delete('PUB_KEY_ID_B')).toBe(false);
  expect(store.delete('PUB_KEY_ID_A')).toBe(true);
  expect([store.serials(), store.size, store.get('PUB_KEY_ID_A')]).toEqual([[], 0, undefined]);
});

it('a second key keeps the first, in insertion order; deleting and adding go on as a Map does', () => {
  const store = new CertificateStore();
  expect([store.serials(), store.size, store.delete('X')]).toEqual([[], 0, false]);
  store.set('OLD', a!);
  store.set('NEW', b!);
  expect([store.get('OLD'), store.get('NEW')]).toEqual([a, b]);
  expect([store.serials(), store.size]).toEqual([['OLD', 'NEW'], 2]);
  expect(store.delete('OLD')).toBe(true);
  store.set('NEWER', c!);
  expect([store.serials(), store.size, store.get('OLD'), store.get('NEWER')]).toEqual([['NEW', 'NEWER'], 2, undefined, c]);
});
