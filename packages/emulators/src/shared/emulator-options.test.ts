import { InvalidArgumentError } from '@switchboard/core';
import { validateEmulatorOptions } from './emulator-options.js';

describe('validateEmulatorOptions', () => {
  it('applies the defaults and leaves the fault rules to the emulator', () => {
    expect(validateEmulatorOptions({}, [])).toEqual({ port: 0, host: '127.0.0.1', latencyMs: 0, seed: 1, recordRequests: true, faults: [] });
  });

  it("accepts the emulator's own keys", () => {
    expect(validateEmulatorOptions({ paths: ['/chat'], port: 8787 }, ['paths'])).toMatchObject({ port: 8787 });
  });

  it.each([
    [
      'a misspelt option',
      { prot: 80 },
      "Invalid prot: unknown option 'prot'; did you mean 'port'? allowed options: port, host, latencyMs, faults, seed, recordRequests, paths",
    ],
    ["another emulator's option", { models: ['m'] }, "Invalid models: unknown option 'models';"],
    ['a port out of range', { port: 70000 }, 'Invalid port: must be an integer from 0 to 65535, got 70000'],
    ['an empty host', { host: '' }, 'Invalid host: must be a non-empty string, got ""'],
    ['a negative latency', { latencyMs: -1 }, 'Invalid latencyMs: must be a finite number >= 0, got -1'],
    ['a seed that is not a number', { seed: 'x' }, 'Invalid seed: must be a finite number, got "x"'],
    ['recordRequests that is not a boolean', { recordRequests: 'no' }, 'Invalid recordRequests: must be true or false, got "no"'],
    ['options that are not an object', 'fast', 'Invalid options: must be an object, got "fast"'],
  ])('refuses %s', (_case, input, message) => {
    expect(() => validateEmulatorOptions(input, ['paths'])).toThrow(InvalidArgumentError);
    expect(() => validateEmulatorOptions(input, ['paths'])).toThrow(message);
  });
});
