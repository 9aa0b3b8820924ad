import type { FaultRuleTiming } from './fault-rule.js';
import { createFaultPicker, createSeededRandom, findDirective } from './fault-picker.js';

/** A rule as the Dynaspark emulator has them: a fault, optionally limited to one model. */
type FaultRule = FaultRuleTiming & { fault: string; model?: string };

function picks(rules: FaultRule[], requests: Array<string | undefined>, seed = 1): Array<string | undefined> {
  const picker = createFaultPicker<FaultRule, { model: string | undefined }>({
    rules,
    seed,
    matches: (rule, { model }) => rule.model === undefined || rule.model === model,
  });
  return requests.map((model) => picker.pick({ model })?.fault);
}

const times = (count: number, model?: string): Array<string | undefined> => Array.from({ length: count }, () => model);

describe('createFaultPicker', () => {
  it('picks nothing without rules', () => {
    expect(picks([], times(3))).toEqual([undefined, undefined, undefined]);
  });

  it('a rule with no condition fires on every request', () => {
    expect(picks([{ fault: 'reset' }], times(3))).toEqual(['reset', 'reset', 'reset']);
  });

  it('times: the rule is spent after N firings', () => {
    expect(picks([{ fault: 'status-503', times: 2 }], times(4))).toEqual(['status-503', 'status-503', undefined, undefined]);
  });

  it('times: 0 never fires', () => {
    expect(picks([{ fault: 'status-503', times: 0 }], times(2))).toEqual([undefined, undefined]);
  });

  it('every: fires on the Nth, 2Nth, ... matching request', () => {
    expect(picks([{ fault: 'empty', every: 2 }], times(5))).toEqual([undefined, 'empty', undefined, 'empty', undefined]);
  });

  it('model: only requests for that model match, and only they advance `every`', () => {
    const rules: FaultRule[] = [{ fault: 'status-500', model: 'b', every: 2 }];

    expect(picks(rules, ['a', 'b', 'a', 'b', undefined, 'b', 'b'])).toEqual([
      undefined,
      undefined,
      undefined,
      'status-500',
      undefined,
      undefined,
      'status-500',
    ]);
  });

  it('every and times combine: every Nth request until spent', () => {
    expect(picks([{ fault: 'hang', every: 2, times: 1 }], times(6))).toEqual([undefined, 'hang', undefined, undefined, undefined, undefined]);
  });

  it('checks rules in order; the first that fires wins and later rules are not counted', () => {
    const rules: FaultRule[] = [
      { fault: 'status-401', times: 1 },
      { fault: 'rate-limit', every: 2 },
    ];

    // The first request is taken by rule 1, so rule 2 counts requests 2, 3, 4, 5 as its 1st..4th.
    expect(picks(rules, times(5))).toEqual(['status-401', undefined, 'rate-limit', undefined, 'rate-limit']);
  });

  it('probability: the same seed gives the same sequence, a different seed another', () => {
    const rules: FaultRule[] = [{ fault: 'status-500', probability: 0.3 }];

    const first = picks(rules, times(50));
    const again = picks(rules, times(50));
    const otherSeed = picks(rules, times(50), 7);

    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });

  it('probability: fires about as often as asked', () => {
    const fired = picks([{ fault: 'status-500', probability: 0.3 }], times(2000)).filter(Boolean).length;

    expect(fired).toBeGreaterThan(500);
    expect(fired).toBeLessThan(700);
  });

  it('probability 0 never fires; a later rule then gets the request', () => {
    const rules: FaultRule[] = [{ fault: 'reset', probability: 0 }, { fault: 'empty' }];

    expect(picks(rules, times(3))).toEqual(['empty', 'empty', 'empty']);
  });

  it('a certain rule before a probabilistic one does not shift its random sequence', () => {
    const alone = picks([{ fault: 'status-500', probability: 0.5 }], times(20));
    const behindSpentRule = picks(
      [
        { fault: 'reset', model: 'never-sent' },
        { fault: 'status-500', probability: 0.5 },
      ],
      times(20),
    );

    expect(behindSpentRule).toEqual(alone);
  });
});

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

describe('findDirective', () => {
  it.each([
    ['plain text', 'Hello there', undefined],
    ['a hash that is no directive', 'Use C# please', undefined],
    ['#fault:<kind>', 'Hi #fault:rate-limit-ms please', 'rate-limit-ms'],
    ['an unknown kind, as written', '#fault:meteor', 'meteor'],
    ['#empty', 'say nothing #empty', 'empty'],
    ['#emptyish is not #empty', 'an #emptyish day', undefined],
    ['#fault before #empty', '#empty #fault:reset', 'reset'],
  ])('%s', (_case, userInput, expected) => {
    expect(findDirective(userInput)).toBe(expected);
  });
});
