import 'reflect-metadata';
import { ApiCallError } from '../errors/api-call-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { CALL_SETTINGS, type CallSettings } from '../provider/call-settings.js';
import type { StreamPart } from '../provider/stream-part.js';
import { rejection, thrown } from '../testing/captured-error.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';

import { EVERY_CALL_SETTING } from '../__fixtures__/every-call-setting.js';

const { registryWith } = await import('./__fixtures__/registry-with.js');

/** A provider whose model `echo` honours `honoured` (v3), recording its calls. */
const tunable = (id: string, honoured: readonly (keyof CallSettings)[]) => createFakeProvider({ id, models: ['echo'], callSettings: { echo: honoured } });

describe('standard call settings: checked before any request', () => {
  it.each<[string, unknown, string]>([
    ['temperature', -0.1, 'expected a number from 0 to 2, got -0.1.'],
    ['temperature', 2.5, 'expected a number from 0 to 2, got 2.5.'],
    ['temperature', '0.2', 'expected a number from 0 to 2, got "0.2".'],
    ['temperature', Number.NaN, 'expected a number from 0 to 2, got NaN.'],
    ['maxOutputTokens', 0, 'expected a whole number >= 1, got 0.'],
    ['maxOutputTokens', 1.5, 'expected a whole number >= 1, got 1.5.'],
    ['topP', 1.01, 'expected a number from 0 to 1, got 1.01.'],
    ['topK', 0, 'expected a whole number >= 1, got 0.'],
    ['stopSequences', 'END', `expected an array of non-empty strings such as ['\\n\\n'], got "END".`],
    ['stopSequences', ['END', ''], 'expected a non-empty string, got "".'],
    ['seed', 1.5, 'expected a whole number, got 1.5.'],
    ['seed', 2 ** 60, `expected a whole number, got ${2 ** 60}.`],
    ['presencePenalty', 3, 'expected a number from -2 to 2, got 3.'],
    ['frequencyPenalty', -2.5, 'expected a number from -2 to 2, got -2.5.'],
  ])('%s = %p is an InvalidArgumentError naming the option and what is right', async (setting, value, reason) => {
    const provider = tunable('local', CALL_SETTINGS);
    const registry = registryWith([provider]);

    const error = await rejection(registry.create('echo').generate('Hi', { [setting]: value }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: expect.stringMatching(new RegExp(`^options\\.${setting}`)), reason });
    expect(provider.calls).toHaveLength(0);
  });

  it('takes the limits themselves, and a negative seed', async () => {
    const provider = tunable('local', CALL_SETTINGS);
    const limits = { temperature: 2, topP: 0, maxOutputTokens: 1, topK: 1, seed: -3, presencePenalty: -2, frequencyPenalty: 2, stopSequences: [] };

    await registryWith([provider]).create('echo').generate('Hi', limits);

    expect(provider.calls[0]?.options.settings).toEqual(limits);
  });

  it('takes white space as a stop sequence: only the empty string is refused', async () => {
    const provider = tunable('local', CALL_SETTINGS);

    await registryWith([provider])
      .create('echo')
      .generate('Hi', { stopSequences: ['\n\n', ' '] });

    expect(provider.calls[0]?.options.settings).toEqual({ stopSequences: ['\n\n', ' '] });
  });

  it('are checked in streams too, before anything is sent', async () => {
    const provider = tunable('local', CALL_SETTINGS);
    const stream = registryWith([provider]).create('echo').stream('Hi', { temperature: 9 });

    const error = await rejection(
      (async () => {
        for await (const _ of stream);
      })(),
    );

    expect(error).toMatchObject({ argument: 'options.temperature' });
    expect(provider.calls).toHaveLength(0);
  });
});

describe('standard call settings: what a provider honours', () => {
  it('reach a provider that honours them, every one, in options.settings', async () => {
    const provider = tunable('local', CALL_SETTINGS);

    const result = await registryWith([provider]).create('echo').generate('Hi', EVERY_CALL_SETTING);

    expect(provider.calls[0]?.options.settings).toEqual(EVERY_CALL_SETTING);
    expect(result.warnings).toEqual([]);
  });

  it('a setting the model does not honour is left out, and the answer says which and for whom; the call still goes', async () => {
    const provider = tunable('local', ['temperature']);

    const result = await registryWith([provider]).create('echo').generate('Hi', { temperature: 0.3, seed: 7, topK: 5 });

    expect(result.text).toBe('hello from local');
    expect(provider.calls[0]?.options.settings).toEqual({ temperature: 0.3 });
    expect(result.warnings).toEqual([
      {
        type: 'warning',
        code: 'unsupported-setting',
        provider: 'local',
        setting: 'topK',
        message: "Provider 'local' (model 'echo') does not honour the call setting 'topK'; the request was sent without it.",
      },
      expect.objectContaining({ code: 'unsupported-setting', provider: 'local', setting: 'seed' }),
    ]);
  });

  it('a provider that declares nothing (a v2 plugin) gets none, with a warning each; in a stream the warnings come before the text', async () => {
    const old = createFakeProvider({ id: 'old', models: ['echo'], specificationVersion: 'switchboard.provider/v2' });

    const parts: StreamPart[] = [];
    for await (const part of registryWith([old]).create('echo').stream('Hi', { temperature: 0.3, maxOutputTokens: 10 })) parts.push(part);

    expect(old.calls[0]?.options.settings).toEqual({});
    expect(parts.map((part) => (part.type === 'warning' ? `${part.code}:${part.setting}` : part.type))).toEqual([
      'provider-info',
      'unsupported-setting:temperature',
      'unsupported-setting:maxOutputTokens',
      'text',
      'finish',
    ]);
  });

  it('are decided per provider: after a fallback, the answer carries the warnings of the provider that answered', async () => {
    const failing = createFakeProvider({
      id: 'first',
      models: ['echo'],
      answer: async function* (model) {
        throw new ApiCallError({ provider: 'first', model, status: 503, isRetryable: true, message: 'overloaded' });
      },
    });
    const honouring = tunable('second', CALL_SETTINGS);
    const registry = registryWith([failing, honouring], { resilience: { maxAttemptsPerProvider: 1 } });

    const result = await registry.create('echo').generate('Hi', { seed: 1 });

    expect(result.provider).toBe('second');
    expect(failing.calls[0]?.options.settings).toEqual({});
    expect(honouring.calls[0]?.options.settings).toEqual({ seed: 1 });
    expect(result.warnings).toEqual([]);
  });

  it('no setting, no warning, and nothing to send', async () => {
    const provider = tunable('local', []);

    const result = await registryWith([provider]).create('echo').generate('Hi');

    expect(result.warnings).toEqual([]);
    expect(provider.calls[0]?.options.settings).toEqual({});
  });
});

describe('a provider declaring its call settings', () => {
  it('may list only known settings', () => {
    const error = thrown(() => registryWith([createFakeProvider({ id: 'local', models: ['echo'], callSettings: { echo: ['temprature' as never] } })]));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: "provider 'local'.callSettings.echo[0]", reason: expect.stringContaining('got "temprature"') });
  });

  it('for models it serves', () => {
    const error = thrown(() => registryWith([createFakeProvider({ id: 'local', models: ['echo'], callSettings: { echo: ['seed'], other: ['seed'] } })]));

    expect(error).toMatchObject({ argument: "provider 'local'.callSettings.other", reason: "'other' is not one of models (echo)." });
  });
});
