/**
 * RecentlyUsed: a count-bounded map that forgets its least recently used entry first. What a busy caller
 * uses stays; what idles goes; lowering the capacity forgets at once.
 */
import { RecentlyUsed } from '../../lib/stores/recently-used';

describe('RecentlyUsed', () => {
  it('forgets the least recently used entry past its capacity', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('counts a get as a use: the entry read last survives the next insertion', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });

  it('counts repeated gets of the newest entry once, and has() not at all', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.has('a')).toBe(true); // not a use
    for (let i = 0; i < 3; i++) expect(cache.get('b')).toBe(2);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b')]).toEqual([false, true]);
  });

  it('set() of a held key replaces its value and makes it the newest', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.set('a', 10)).toBe(10);
    cache.set('c', 3);
    expect([cache.get('a'), cache.has('b'), cache.get('c')]).toEqual([10, false, 3]);
  });

  it('a lower capacity forgets the oldest entries at once; delete forgets one', () => {
    const cache = new RecentlyUsed<string, number>(4);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, i);
    cache.capacity = 2;
    expect(cache.capacity).toBe(2);
    expect([...'abcd'].map((k) => cache.has(k))).toEqual([false, false, true, true]);
    expect(cache.delete('d')).toBe(true);
    expect(cache.delete('d')).toBe(false);
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the capacity %p', (capacity) => {
    expect(() => new RecentlyUsed(capacity)).toThrow(RangeError);
    const cache = new RecentlyUsed(1);
    expect(() => {
      cache.capacity = capacity;
    }).toThrow(/positive integer/);
  });
});
