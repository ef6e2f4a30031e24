import { randomByte } from '../../lib/formats/random-pool';

function draw(count: number): number[] {
  const bytes: number[] = [];
  while (bytes.length < count) bytes.push(randomByte());
  return bytes;
}

describe('randomByte', () => {
  it('hands out exactly as many bytes as asked for, across refills of the pool', () => {
    expect(draw(1)).toHaveLength(1);
    expect(draw(10_000)).toHaveLength(10_000);
  });

  it('never hands out the same run of bytes twice, within a pool or after a refill', () => {
    const blocks = new Set<string>();
    for (let i = 0; i < 600; i++) blocks.add(Buffer.from(draw(16)).toString('hex')); // 9,600 bytes: two refills
    expect(blocks.size).toBe(600);
  });

  it('gives every byte value, roughly evenly', () => {
    const counts = new Array<number>(256).fill(0);
    for (const byte of draw(256 * 200)) counts[byte]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBeLessThan(320);
  });
});
