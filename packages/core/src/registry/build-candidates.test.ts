import 'reflect-metadata';
import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { MediaError } from '../errors/media-error.js';
import type { Message } from '../provider/message.js';
import type { Provider } from '../provider/provider.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { rejection } from '../testing/captured-error.js';

// tsyringe checks for the Reflect metadata API as soon as it loads, and jest's ESM loader may run a
// CommonJS dependency before reflect-metadata: what pulls in tsyringe is imported only once it is there.
const { registryWith } = await import('./__fixtures__/registry-with.js');

// What the registry does with a call before any provider sees it: which providers can take it
// (images, working status, order), and how messages and media are adapted to each.

/** A provider that answers 'Hello' and records every call it gets. */
function fakeProvider(attributes: Partial<Provider> & { id: string }) {
  return createFakeProvider(attributes);
}

import { TINY_PNG as png } from '../testing/tiny-png.js';
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0xff, 0xd9]);

describe('images', () => {
  it('hands a vision model the loaded image', async () => {
    const seeing = fakeProvider({ id: 'seeing', visionModels: ['echo'] });

    await registryWith([seeing])
      .create()
      .generate('What is this?', { media: [[png, 'chart.png']] });

    expect(seeing.calls[0]!.options.media).toEqual([{ data: png, mediaType: 'image/png', fileName: 'chart.png', origin: 'media[0]' }]);
  });

  it('refuses images for a model that does not take them, before any call', async () => {
    const blind = fakeProvider({ id: 'blind' });

    const error = await rejection(
      registryWith([blind])
        .create()
        .generate('What is this?', { media: [png] }),
    );

    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("No provider of model 'echo' can take 1 image: blind/echo model 'echo' does not accept images.");
    expect(blind.calls).toHaveLength(0);
  });

  it('skips the providers that cannot see, and uses one that can', async () => {
    const blind = fakeProvider({ id: 'blind', models: ['shared'] });
    const seeing = fakeProvider({ id: 'seeing', models: ['shared'], visionModels: ['shared'] });

    const result = await registryWith([blind, seeing])
      .create('shared')
      .generate('What is this?', { media: [png] });

    expect(result.provider).toBe('seeing');
    expect(result.attempts[0]).toEqual({
      provider: 'blind',
      model: 'shared',
      attempt: 0,
      outcome: 'skipped',
      durationMs: 0,
      errorKind: 'capability',
      message: "model 'shared' does not accept images",
    });
    expect(blind.calls).toHaveLength(0);
  });

  it('refuses more images than the provider takes, by default, suggesting extraMedia', async () => {
    const single = fakeProvider({ id: 'single', visionModels: ['echo'], maxMediaItems: 1 });

    const error = await rejection(
      registryWith([single])
        .create()
        .generate('Compare', { media: [png, jpeg] }),
    );

    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "No provider of model 'echo' can take 2 images: single/echo takes 1 image per request, got 2. " +
        "Send fewer images, or pass extraMedia: 'warn' to send what each provider takes.",
    );
    expect(single.calls).toHaveLength(0);
  });

  it('takes one image per request when the provider does not say how many', async () => {
    const unsaid = fakeProvider({ id: 'unsaid', visionModels: ['echo'] });

    expect(
      MediaError.isInstance(
        await rejection(
          registryWith([unsaid])
            .create()
            .generate('Compare', { media: [png, jpeg] }),
        ),
      ),
    ).toBe(true);
  });

  it("with extraMedia: 'warn', sends the images the provider takes and says which were left out", async () => {
    const single = fakeProvider({ id: 'single', visionModels: ['echo'], maxMediaItems: 1 });

    const result = await registryWith([single])
      .create()
      .generate('Compare', { media: [png, [jpeg, 'second.jpg']], extraMedia: 'warn' });

    expect(single.calls[0]!.options.media.map((item) => item.data)).toEqual([png]);
    expect(result.warnings).toEqual([
      { type: 'warning', code: 'media-truncated', message: "Provider 'single' takes 1 image per request: sent media[0], left out media[1]." },
    ]);
  });

  it("with extraMedia: 'warn', also takes an image left out out of the messages it came in", async () => {
    const single = fakeProvider({ id: 'single', visionModels: ['echo'], maxMediaItems: 1 });
    const inline = `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`;

    await registryWith([single])
      .create()
      .generate(
        [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image_url', image_url: { url: inline } },
            ],
          },
        ],
        { media: [png], extraMedia: 'warn' },
      );

    expect(single.calls[0]!.options.media.map((item) => item.origin)).toEqual(['media[0]']);
    expect(single.calls[0]!.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Compare' }] }]);
  });

  it("takes extraMedia: 'warn' from the registry's options too", async () => {
    const single = fakeProvider({ id: 'single', visionModels: ['echo'], maxMediaItems: 1 });

    const result = await registryWith([single], { extraMedia: 'warn' })
      .create()
      .generate('Compare', { media: [png, jpeg] });

    expect(result.warnings.map((warning) => warning.code)).toEqual(['media-truncated']);
  });

  it('sends every image to a provider that takes them all', async () => {
    const many = fakeProvider({ id: 'many', visionModels: ['echo'], maxMediaItems: Infinity });

    const result = await registryWith([many])
      .create()
      .generate('Compare', { media: [png, jpeg] });

    expect(many.calls[0]!.options.media.map((item) => item.mediaType)).toEqual(['image/png', 'image/jpeg']);
    expect(result.warnings).toEqual([]);
  });

  it('counts data: images inside messages as media, after the media option', async () => {
    const many = fakeProvider({ id: 'many', visionModels: ['echo'], maxMediaItems: 4 });
    const dataUri = `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`;

    await registryWith([many])
      .create()
      .generate(
        [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image_url', image_url: { url: dataUri } },
            ],
          },
        ],
        { media: [png] },
      );

    expect(many.calls[0]!.options.media.map(({ mediaType, origin }) => ({ mediaType, origin }))).toEqual([
      { mediaType: 'image/png', origin: 'media[0]' },
      { mediaType: 'image/jpeg', origin: 'messages[0].content[1]' },
    ]);
  });
});

describe('system messages', () => {
  const conversation: Message[] = [
    { role: 'system', content: 'Answer in French.' },
    { role: 'user', content: 'Hi' },
  ];

  it('folds them into the first user message for a provider without a system role, with a warning', async () => {
    const noSystem = fakeProvider({ id: 'no-system', supportsSystemMessage: false, supportsMessageHistory: true });

    const result = await registryWith([noSystem]).create().generate(conversation);

    expect(noSystem.calls[0]!.messages).toEqual([{ role: 'user', content: 'Answer in French.\n\nHi' }]);
    expect(result.warnings).toEqual([
      {
        type: 'warning',
        code: 'system-message-folded',
        message: "Provider 'no-system' has no system role: 1 system message(s) were moved into the first user message.",
      },
    ]);
  });

  it('leaves them alone for a provider with a system role', async () => {
    const withSystem = fakeProvider({ id: 'with-system' });

    const result = await registryWith([withSystem]).create().generate(conversation);

    expect(withSystem.calls[0]!.messages).toEqual(conversation);
    expect(result.warnings).toEqual([]);
  });

  it('leaves them to a provider that takes no conversation at all (it flattens the prompt itself)', async () => {
    const flat = fakeProvider({ id: 'flat', supportsSystemMessage: false, supportsMessageHistory: false });

    const result = await registryWith([flat]).create().generate(conversation);

    expect(flat.calls[0]!.messages).toEqual(conversation);
    expect(result.warnings).toEqual([]);
  });

  it('adds no warning when there is nothing to fold', async () => {
    const noSystem = fakeProvider({ id: 'no-system', supportsSystemMessage: false });

    expect((await registryWith([noSystem]).create().generate('Hi')).warnings).toEqual([]);
  });
});

describe('which providers are tried', () => {
  it('skips a provider that says it is not working', async () => {
    const broken = fakeProvider({ id: 'broken', models: ['shared'], working: false });
    const fine = fakeProvider({ id: 'fine', models: ['shared'] });

    const result = await registryWith([broken, fine]).create('shared').generate('Hi');

    expect(result.provider).toBe('fine');
    expect(result.attempts[0]).toMatchObject({ provider: 'broken', outcome: 'skipped', errorKind: 'not-working' });
    expect(broken.calls).toHaveLength(0);
  });

  it('fails with AllProvidersFailedError when no provider is left to try', async () => {
    const broken = fakeProvider({ id: 'broken', working: false });

    const error = await rejection(registryWith([broken]).create().generate('Hi'));

    expect(AllProvidersFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'no-candidates' });
    expect((error as Error).message).toBe("No provider could take the request for model 'echo'.\n  1. broken/echo: skipped [not-working] marked not working");
  });

  it('tries only the providers a call names, in its order', async () => {
    const alpha = fakeProvider({ id: 'alpha', models: ['shared'] });
    const beta = fakeProvider({ id: 'beta', models: ['shared'] });

    const result = await registryWith([alpha, beta])
      .create('shared')
      .generate('Hi', { resilience: { providers: ['beta'] } });

    expect(result.provider).toBe('beta');
    expect(alpha.calls).toHaveLength(0);
  });

  it("follows the registry's routing order for a model", async () => {
    const alpha = fakeProvider({ id: 'alpha', models: ['shared'] });
    const beta = fakeProvider({ id: 'beta', models: ['shared'] });

    const result = await registryWith([alpha, beta], { routing: { order: { shared: ['beta', 'alpha'] } } })
      .create('shared')
      .generate('Hi');

    expect(result.provider).toBe('beta');
  });
});
