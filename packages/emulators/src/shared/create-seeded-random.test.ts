import { createSeededRandom } from './create-seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats its sequence for the same seed and changes it for another', () => {
    const take = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };

    expect(take(1)).toEqual(take(1));
    expect(take(2)).not.toEqual(take(1));
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const random = createSeededRandom(123);
    const values = Array.from({ length: 10_000 }, () => random());

    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(4800);
    expect(values.filter((value) => value < 0.5).length).toBeLessThan(5200);
  });
});
