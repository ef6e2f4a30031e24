import { RandomCharacters } from '../../lib/formats/random-pool';

const HEX = '0123456789abcdef';

describe('RandomCharacters', () => {
  it('hands out exactly as many characters as asked for, of the alphabet only, across refills of the pool', () => {
    const characters = new RandomCharacters(HEX);
    expect(characters.take(1)).toMatch(/^[0-9a-f]$/);
    expect(characters.take(10_000)).toMatch(/^[0-9a-f]{10000}$/);
    for (let i = 0; i < 300; i++) expect(characters.take(32)).toMatch(/^[0-9a-f]{32}$/); // 9,600 characters: refills mid-take
  });

  it('never hands out the same run of characters twice, within a pool or after a refill', () => {
    const characters = new RandomCharacters(HEX);
    const blocks = new Set<string>();
    for (let i = 0; i < 600; i++) blocks.add(characters.take(16)); // 9,600 characters: two refills
    expect(blocks.size).toBe(600);
  });

  it('gives every character roughly evenly, for an alphabet that does not divide 256 too', () => {
    for (const alphabet of [HEX, 'abcdefghij']) {
      const counts = new Map<string, number>();
      for (const char of new RandomCharacters(alphabet).take(alphabet.length * 2000)) counts.set(char, (counts.get(char) ?? 0) + 1);
      expect([...counts.keys()].sort().join('')).toBe(alphabet);
      expect(Math.min(...counts.values())).toBeGreaterThan(1700);
      expect(Math.max(...counts.values())).toBeLessThan(2300);
    }
  });

  it('refuses an alphabet it cannot hand out evenly as one byte each', () => {
    expect(() => new RandomCharacters('')).toThrow(RangeError);
    expect(() => new RandomCharacters('é')).toThrow(RangeError);
  });
});
