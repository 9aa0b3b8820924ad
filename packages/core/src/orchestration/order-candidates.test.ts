import { describe, expect, it } from '@jest/globals';
import { orderCandidates } from './order-candidates.js';

const candidates = ['alpha', 'beta', 'gamma', 'delta'].map((id) => ({ provider: { id } }));
const ids = (list: readonly { provider: { id: string } }[]) => list.map((candidate) => candidate.provider.id);

/** A random source that returns the given draws in turn (and fails loudly when it runs out). */
function draws(...values: number[]): () => number {
  return () => {
    const value = values.shift();
    if (value === undefined) throw new Error('random() called more often than expected');
    return value;
  };
}

const neverRandom = () => {
  throw new Error('random() must not be called');
};

describe('orderCandidates', () => {
  it('keeps registration order by default, as a new array, without drawing', () => {
    const ordered = orderCandidates(candidates, { random: neverRandom });

    expect(ids(ordered)).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect(ordered).not.toBe(candidates);
  });

  it('follows an explicit order and leaves out the providers it does not list', () => {
    expect(ids(orderCandidates(candidates, { order: ['gamma', 'alpha'], random: neverRandom }))).toEqual(['gamma', 'alpha']);
  });

  it('ignores ids in the order that are not candidates', () => {
    expect(ids(orderCandidates(candidates, { order: ['zeta', 'beta'], random: neverRandom }))).toEqual(['beta']);
  });

  it('lets an explicit order win over shuffling and weights', () => {
    const ordered = orderCandidates(candidates, { order: ['delta', 'beta'], shuffle: true, weights: { beta: 100 }, random: neverRandom });

    expect(ids(ordered)).toEqual(['delta', 'beta']);
  });

  it('shuffles with the injected random source: one draw per pick, without replacement', () => {
    // 4 candidates of weight 1: a draw d picks index floor(d * remaining).
    const ordered = orderCandidates(candidates, { shuffle: true, random: draws(0.9, 0.0, 0.5, 0.0) });

    expect(ids(ordered)).toEqual(['delta', 'alpha', 'gamma', 'beta']);
  });

  it('gives the same order for the same draws (deterministic)', () => {
    const first = orderCandidates(candidates, { shuffle: true, random: draws(0.3, 0.7, 0.1, 0.2) });
    const again = orderCandidates(candidates, { shuffle: true, random: draws(0.3, 0.7, 0.1, 0.2) });

    expect(ids(first)).toEqual(ids(again));
    expect(new Set(ids(first)).size).toBe(4);
  });

  it('draws by weight: a draw falls in the weighted slice of each candidate', () => {
    const weights = { alpha: 1, beta: 3, gamma: 0, delta: 0 };
    // Total 4: [0, 0.25) -> alpha, [0.25, 1) -> beta.
    expect(ids(orderCandidates(candidates, { shuffle: true, weights, random: draws(0.2, 0.9, 0.5) }))[0]).toBe('alpha');
    expect(ids(orderCandidates(candidates, { shuffle: true, weights, random: draws(0.3, 0.9, 0.5) }))[0]).toBe('beta');
  });

  it('still gives every candidate a turn: zero-weight ones come last', () => {
    const ordered = orderCandidates(candidates, { shuffle: true, weights: { alpha: 0, beta: 2, gamma: 0, delta: 1 }, random: draws(0.1, 0.1) });

    expect(ids(ordered).slice(0, 2)).toEqual(['beta', 'delta']);
    expect(ids(ordered).slice(2).sort()).toEqual(['alpha', 'gamma']);
  });

  it('treats missing weights as 1 and negative weights as 0', () => {
    const ordered = orderCandidates(candidates, { shuffle: true, weights: { alpha: -5, beta: -1 }, random: draws(0.0, 0.99) });

    expect(ids(ordered).slice(0, 2)).toEqual(['gamma', 'delta']);
  });

  it('matches the weights over many draws', () => {
    let seed = 7;
    const lcg = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const firsts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const first = ids(orderCandidates(candidates.slice(0, 2), { shuffle: true, weights: { alpha: 3, beta: 1 }, random: lcg }))[0]!;
      firsts[first] = (firsts[first] ?? 0) + 1;
    }
    expect(firsts['alpha']! / 10_000).toBeCloseTo(0.75, 1);
  });

  it('does not draw for fewer than two candidates', () => {
    expect(ids(orderCandidates(candidates.slice(0, 1), { shuffle: true, random: neverRandom }))).toEqual(['alpha']);
    expect(orderCandidates([], { shuffle: true, random: neverRandom })).toEqual([]);
  });
});
