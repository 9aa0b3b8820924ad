import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MediaError } from '../errors/media-error.js';
import { DEFAULT_RESILIENCE } from '../orchestration/resilience-options.js';
import type { Prompt } from '../provider/message.js';
import type { CallOptions } from './call-options.js';
import { prepareCall } from './prepare-call.js';
import { rejection } from '../testing/captured-error.js';

const defaults = { resilience: DEFAULT_RESILIENCE, maxMediaBytes: 1024, extraMedia: 'error' as const };
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('prepareCall', () => {
  it("uses the registry's defaults when the call has no options", async () => {
    const call = await prepareCall('Hi', undefined, defaults);

    expect(call).toEqual({
      messages: [{ role: 'user', content: 'Hi' }],
      media: [],
      signal: undefined,
      proxy: undefined,
      providerOptions: {},
      resilience: DEFAULT_RESILIENCE,
      extraMedia: 'error',
    });
  });

  it('takes the options of the call over the defaults, field by field for resilience', async () => {
    const controller = new AbortController();
    const call = await prepareCall(
      'Hi',
      {
        signal: controller.signal,
        proxy: 'https://user:pass@proxy.example:8443',
        providerOptions: { dynaspark: { temperature: 0.1 } },
        resilience: { maxAttemptsPerProvider: 1, fallback: false },
        extraMedia: 'warn',
        media: [[png, 'a.png']],
      },
      defaults,
    );

    expect(call.signal).toBe(controller.signal);
    expect(call.proxy).toBe('https://user:pass@proxy.example:8443');
    expect(call.providerOptions).toEqual({ dynaspark: { temperature: 0.1 } });
    expect(call.resilience).toEqual({ ...DEFAULT_RESILIENCE, maxAttemptsPerProvider: 1, fallback: false });
    expect(call.extraMedia).toBe('warn');
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
    expect((error as Error).message).toBe('media[0]: is 12 bytes, over the limit of 8 bytes (option maxMediaBytes).');
  });

  it("refuses media over the registry's size limit", async () => {
    const error = await rejection(prepareCall('Hi', { media: [png] }, { ...defaults, maxMediaBytes: 4 }));

    expect(MediaError.isInstance(error)).toBe(true);
  });

  it('loads data: images found in messages, with where they were found', async () => {
    const url = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    const call = await prepareCall([{ role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url } }] }], undefined, defaults);

    expect(call.media).toEqual([{ data: Uint8Array.from(png), mediaType: 'image/png', fileName: undefined, origin: 'messages[0].content[1]' }]);
  });
});
