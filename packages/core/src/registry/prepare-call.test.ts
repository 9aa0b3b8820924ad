import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MediaError } from '../errors/media-error.js';
import { DEFAULT_RESILIENCE } from '../orchestration/resilience-options.js';
import type { Prompt } from '../provider/message.js';
import type { CallOptions } from './call-options.js';
import { prepareCall } from './prepare-call.js';
import { rejection } from '../testing/captured-error.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import type { CallContext } from './prepare-call.js';
import { NO_TOOL_REQUEST } from '../tools/tool-request.js';
import { TINY_PNG as png } from '../testing/tiny-png.js';

const dynaspark = createFakeProvider({ id: 'dynaspark', models: ['shared'] });
const local = createFakeProvider({
  id: 'local',
  models: ['shared', 'other'],
  checkCallOptions(options, argument) {
    for (const key of Object.keys(options)) {
      if (key !== 'temperature') throw new InvalidArgumentError({ argument: `${argument}.${key}`, reason: "unknown option; known: 'temperature'." });
    }
  },
});
const elsewhere = createFakeProvider({ id: 'elsewhere', models: ['other'] });
const defaults: CallContext = {
  defaults: { resilience: DEFAULT_RESILIENCE, maxMediaBytes: 1024, extraMedia: 'error' as const, maxNestingDepth: 8 },
  providers: new Map([dynaspark, local, elsewhere].map((provider) => [provider.id, provider])),
  modelId: 'shared',
  entries: [
    { provider: dynaspark, model: 'shared' },
    { provider: local, model: 'shared' },
  ],
};
const limited = (maxMediaBytes: number): CallContext => ({ ...defaults, defaults: { ...defaults.defaults, maxMediaBytes } });

describe('prepareCall', () => {
  it("uses the registry's defaults when the call has no options", async () => {
    const call = await prepareCall('Hi', undefined, defaults);

    expect(call).toEqual({
      messages: [{ role: 'user', content: 'Hi' }],
      media: [],
      signal: undefined,
      proxy: undefined,
      settings: {},
      providerOptions: {},
      resilience: DEFAULT_RESILIENCE,
      extraMedia: 'error',
      textParts: 'per-piece',
      tools: NO_TOOL_REQUEST,
    });
  });

  it('takes the options of the call over the defaults, field by field for resilience', async () => {
    const controller = new AbortController();
    const call = await prepareCall(
      'Hi',
      {
        signal: controller.signal,
        proxy: 'https://user:pass@proxy.example:8443',
        providerOptions: { local: { temperature: 0.1 } },
        resilience: { maxAttemptsPerProvider: 1, fallback: false },
        extraMedia: 'warn',
        textParts: 'per-read',
        media: [[png, 'a.png']],
      },
      defaults,
    );

    expect(call.signal).toBe(controller.signal);
    expect(call.proxy).toBe('https://user:pass@proxy.example:8443');
    expect(call.providerOptions).toEqual({ local: { temperature: 0.1 } });
    expect(call.resilience).toEqual({ ...DEFAULT_RESILIENCE, maxAttemptsPerProvider: 1, fallback: false });
    expect(call.extraMedia).toBe('warn');
    expect(call.textParts).toBe('per-read');
    expect(call.media).toEqual([{ data: png, mediaType: 'image/png', fileName: 'a.png', origin: 'media[0]' }]);
  });

  it.each<[string, unknown, unknown]>([
    ['options.temprature', 'Hi', { temprature: 0.2 }],
    ['options', 'Hi', 'fast'],
    ['options', 'Hi', null],
    ['options.signal', 'Hi', { signal: { aborted: false } }],
    ['options.proxy', 'Hi', { proxy: 'socks5://127.0.0.1:1080' }],
    ['options.proxy', 'Hi', { proxy: '127.0.0.1:3128' }],
    ['options.proxy', 'Hi', { proxy: 'http://[::1' }],
    ['options.proxy', 'Hi', { proxy: 3128 }],
    ['options.providerOptions', 'Hi', { providerOptions: ['dynaspark'] }],
    ['options.extraMedia', 'Hi', { extraMedia: 'drop' }],
    ['options.textParts', 'Hi', { textParts: 'joined' }],
    ['options.maxMediaBytes', 'Hi', { maxMediaBytes: 0 }],
    ['options.maxMediaBytes', 'Hi', { maxMediaBytes: '1mb' }],
    ['options.media', 'Hi', { media: png }],
    ['media[0].fileName', 'Hi', { media: [[png, 'a"b.png']] }],
    ['options.resilience', 'Hi', { resilience: 5 }],
    ['options.resilience.retries', 'Hi', { resilience: { retries: 2 } }],
    ['options.resilience.maxAttemptsPerProvider', 'Hi', { resilience: { maxAttemptsPerProvider: 0 } }],
    ['options.resilience.maxAttempts', 'Hi', { resilience: { maxAttempts: 1.5 } }],
    ['options.resilience.attemptTimeoutMs', 'Hi', { resilience: { attemptTimeoutMs: -1 } }],
    ['options.resilience.deadlineMs', 'Hi', { resilience: { deadlineMs: Infinity } }],
    ['options.resilience.fallback', 'Hi', { resilience: { fallback: 'yes' } }],
    ['options.resilience.providers', 'Hi', { resilience: { providers: [] } }],
    ['options.resilience.providers', 'Hi', { resilience: { providers: ['nope'] } }],
    ['options.resilience.providers', 'Hi', { resilience: { providers: ['elsewhere'] } }],
    ['options.providerOptions.nope', 'Hi', { providerOptions: { nope: { temperature: 1 } } }],
    ['options.providerOptions.dynaspark.temperature', 'Hi', { providerOptions: { dynaspark: { temperature: 1 } } }],
    ['options.providerOptions.local.temprature', 'Hi', { providerOptions: { local: { temprature: 1 } } }],
    ['options.maxMediaBytes', 'Hi', { maxMediaBytes: NaN }],
    ['messages', '', undefined],
    ['messages', [], undefined],
    ['messages[0].role', [{ role: 'bot', content: 'Hi' }], undefined],
    ['messages[0].content[0].type', [{ role: 'user', content: [{ type: 'audio', data: '...' }] }], undefined],
  ])('refuses a bad %s', async (argument, prompt, options) => {
    const error = await rejection(prepareCall(prompt as Prompt, options as CallOptions, defaults));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });

  it('rejects with the reason of an aborted signal', async () => {
    const reason = new Error('user left');

    await expect(prepareCall('Hi', { signal: AbortSignal.abort(reason) }, defaults)).rejects.toBe(reason);
  });

  it('refuses media over the size limit of the call', async () => {
    const error = await rejection(prepareCall('Hi', { media: [png], maxMediaBytes: 8 }, defaults));

    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`media[0]: is ${png.length} bytes, over the limit of 8 bytes (option maxMediaBytes).`);
  });

  it("refuses media over the registry's size limit", async () => {
    const error = await rejection(prepareCall('Hi', { media: [png] }, limited(4)));

    expect(MediaError.isInstance(error)).toBe(true);
  });

  it('loads data: images found in messages, with where they were found', async () => {
    const url = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    const call = await prepareCall(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
      undefined,
      defaults,
    );

    expect(call.media).toEqual([{ data: Uint8Array.from(png), mediaType: 'image/png', fileName: undefined, origin: 'messages[0].content[1]' }]);
  });
});

describe('prepareCall says what was wrong, and what would be right', () => {
  const messageOf = async (options: unknown) => ((await rejection(prepareCall('Hi', options as CallOptions, defaults))) as Error).message;

  it('shows NaN and Infinity as themselves, not as JSON null', async () => {
    expect(await messageOf({ maxMediaBytes: NaN })).toBe('Invalid options.maxMediaBytes: expected a whole number >= 1, got NaN.');
    expect(await messageOf({ resilience: { deadlineMs: Infinity } })).toBe(
      'Invalid options.resilience.deadlineMs: expected a finite number of milliseconds >= 0, got Infinity.',
    );
  });

  it('suggests the closest option for a misspelt one', async () => {
    expect(await messageOf({ resilence: {} })).toMatch(/^Invalid options\.resilence: unknown option; did you mean 'resilience'\?/);
  });

  it('names an unknown provider in per-call options, with the registered ones', async () => {
    expect(await messageOf({ providerOptions: { locl: {} } })).toBe(
      "Invalid options.providerOptions.locl: no provider 'locl' is registered; did you mean 'local'? Registered: dynaspark, local, elsewhere.",
    );
  });

  it('refuses per-call options for a provider that takes none, instead of ignoring them', async () => {
    expect(await messageOf({ providerOptions: { dynaspark: { temperature: 1 } } })).toBe(
      "Invalid options.providerOptions.dynaspark.temperature: provider 'dynaspark' takes no per-call options, so 'temperature' would be ignored. Remove them.",
    );
  });

  it('says which names in resilience.providers are unknown, and which providers serve the model', async () => {
    expect(await messageOf({ resilience: { providers: ['nope', 'elsewhere', 'local'] } })).toBe(
      "Invalid options.resilience.providers: 'nope' is not a registered provider; 'elsewhere' does not serve 'shared'. Providers serving 'shared': dynaspark, local.",
    );
  });

  it('reports every problem of a call at once', async () => {
    expect(await messageOf({ maxMediaBytes: 0, extraMedia: 'drop' })).toBe(
      "Invalid options: 2 problems:\n  - options.maxMediaBytes: expected a whole number >= 1, got 0.\n  - options.extraMedia: expected one of 'error', 'warn', got \"drop\".",
    );
  });
});

describe('prepareCall and images inside messages', () => {
  it('refuses an image_url part with a remote URL, naming the part, instead of dropping it', async () => {
    const error = await rejection(
      prepareCall(
        [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            ],
          },
        ],
        undefined,
        defaults,
      ),
    );

    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "messages[0].content[1].image_url.url: 'https://example.com/cat.png' is a remote URL; images are not downloaded. Fetch it in the host and pass the bytes (options.media) or a data:image/...;base64, URI.",
    );
  });
});
