import { validateFaultRules } from './validate-fault-rules.js';

describe('validateFaultRules', () => {
  it('accepts valid rules and returns copies', () => {
    const rules = [{ fault: 'rate-limit', probability: 0.5, times: 3, every: 2, model: 'gemini-2.0-flash', retryAfterSeconds: 2 }];

    const valid = validateFaultRules(rules);
    rules[0]!.probability = 1;

    expect(valid).toEqual([{ fault: 'rate-limit', probability: 0.5, times: 3, every: 2, model: 'gemini-2.0-flash', retryAfterSeconds: 2 }]);
  });

  it.each([
    ['not an array', { fault: 'reset' }, 'faults must be an array of fault rules, got {"fault":"reset"}'],
    ['a rule that is not an object', ['reset'], `faults[0] must be an object like { "fault": "status-500" }, got 'reset'`],
    ['an unknown kind', [{ fault: 'status-418' }], "faults[0].fault: unknown fault kind 'status-418'; known kinds: status-400"],
    ['a missing kind', [{ times: 1 }], 'faults[0].fault: unknown fault kind undefined'],
    ['a probability above 1', [{ fault: 'reset', probability: 1.5 }], 'faults[0].probability must be a number from 0 to 1, got 1.5'],
    ['a fractional times', [{ fault: 'reset', times: 1.5 }], 'faults[0].times must be an integer >= 0, got 1.5'],
    ['every 0', [{ fault: 'reset', every: 0 }], 'faults[0].every must be an integer >= 1, got 0'],
    ['a negative delay', [{ fault: 'latency', delayMs: -5 }], 'faults[0].delayMs must be a finite number >= 0, got -5'],
    ['a string where a number goes', [{ fault: 'slow-drip', dripMs: '100' }], "faults[0].dripMs must be a finite number >= 0, got '100'"],
    ['a model that is not a string', [{ fault: 'reset', model: 3 }], 'faults[0].model must be a string, got 3'],
    ['a misspelt option', [{ fault: 'reset' }, { fault: 'reset', probabilty: 0.5 }], "faults[1]: unknown option 'probabilty'; allowed options: fault, model, probability"],
  ])('refuses %s with a message that says what is wrong', (_case, input, message) => {
    expect(() => validateFaultRules(input)).toThrow(message);
  });
});
