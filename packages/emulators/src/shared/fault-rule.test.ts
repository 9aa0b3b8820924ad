import { InvalidArgumentError } from '@switchboard/core';
import { validateFaultRules } from './fault-rule.js';

const schema = { kinds: ['status-500', 'rate-limit', 'reset', 'latency', 'slow-drip'], endpoints: ['chat', 'api'] };

describe('validateFaultRules', () => {
  it('accepts valid rules and returns copies', () => {
    const rules = [{ fault: 'rate-limit', probability: 0.5, times: 3, every: 2, model: 'gemini-2.0-flash', endpoint: 'api', retryAfterSeconds: 2 }];

    const valid = validateFaultRules(rules, schema);
    rules[0]!.probability = 1;

    expect(valid).toEqual([{ fault: 'rate-limit', probability: 0.5, times: 3, every: 2, model: 'gemini-2.0-flash', endpoint: 'api', retryAfterSeconds: 2 }]);
  });

  it.each([
    ['not an array', { fault: 'reset' }, 'Invalid faults: must be an array of fault rules, got an object'],
    ['a rule that is not an object', ['reset'], 'Invalid faults[0]: must be an object like { "fault": "status-500" }, got "reset"'],
    [
      'an unknown kind',
      [{ fault: 'status-418' }],
      'Invalid faults[0].fault: unknown fault kind "status-418"; did you mean \'status-500\'? known: status-500, rate-limit',
    ],
    ['a missing kind', [{ times: 1 }], 'Invalid faults[0].fault: unknown fault kind undefined; known: status-500'],
    [
      'a misspelt option',
      [{ fault: 'reset' }, { fault: 'reset', probabilty: 0.5 }],
      "Invalid faults[1].probabilty: unknown option 'probabilty'; did you mean 'probability'? allowed options: fault, probability",
    ],
    ['an option of another emulator', [{ fault: 'reset', on: 'models' }], "Invalid faults[0].on: unknown option 'on';"],
    [
      'an unknown endpoint',
      [{ fault: 'reset', endpoint: 'chats' }],
      'Invalid faults[0].endpoint: unknown endpoint "chats"; did you mean \'chat\'? known: chat, api',
    ],
    ['a probability above 1', [{ fault: 'reset', probability: 1.5 }], 'Invalid faults[0].probability: must be a number from 0 to 1, got 1.5'],
    ['a fractional times', [{ fault: 'reset', times: 1.5 }], 'Invalid faults[0].times: must be an integer >= 0, got 1.5'],
    ['every 0', [{ fault: 'reset', every: 0 }], 'Invalid faults[0].every: must be an integer >= 1, got 0'],
    ['a negative delay', [{ fault: 'latency', delayMs: -5 }], 'Invalid faults[0].delayMs: must be a finite number >= 0, got -5'],
    ['a string where a number goes', [{ fault: 'slow-drip', dripMs: '100' }], 'Invalid faults[0].dripMs: must be a finite number >= 0, got "100"'],
    ['a model that is not a string', [{ fault: 'reset', model: 3 }], 'Invalid faults[0].model: must be a string, got 3'],
  ])('refuses %s with an InvalidArgumentError that says what is wrong', (_case, input, message) => {
    expect(() => validateFaultRules(input, schema)).toThrow(InvalidArgumentError);
    expect(() => validateFaultRules(input, schema)).toThrow(message);
  });
});
