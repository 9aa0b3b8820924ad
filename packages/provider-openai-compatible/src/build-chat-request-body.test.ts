import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError, type LoadedMedia, type Message } from '@switchboard/core';
import { buildChatRequestBody } from './build-chat-request-body.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PNG_URI = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;

function build(overrides: Partial<Parameters<typeof buildChatRequestBody>[0]> = {}): Record<string, unknown> {
  return JSON.parse(
    buildChatRequestBody({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      media: [],
      extra: {},
      stream: true,
      source: 'providerOptions.openai-compatible',
      ...overrides,
    }),
  ) as Record<string, unknown>;
}

describe('buildChatRequestBody', () => {
  it('asks for a stream with usage', () => {
    expect(build()).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    expect(build({ stream: false })).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false });
  });

  it('maps roles and parts to the OpenAI format', () => {
    const messages: Message[] = [
      { role: 'developer', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }], name: 'ann' },
      { role: 'assistant', content: 'ok' },
    ];
    expect(build({ messages }).messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }], name: 'ann' },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('attaches call media to the last user message as data: URIs, without repeating inline images', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'image_url', image_url: { url: PNG_URI } }] },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'and this one?' },
    ];
    const media: LoadedMedia[] = [
      { data: PNG, mediaType: 'image/png', fileName: 'a.png', origin: 'media[0]' },
      { data: PNG, mediaType: 'image/png', fileName: undefined, origin: 'messages[0].content[1]' },
    ];
    const sent = build({ messages, media }).messages as { content: unknown }[];
    expect(sent[0]!.content).toEqual([{ type: 'text', text: 'first' }, { type: 'image_url', image_url: { url: PNG_URI } }]);
    expect(sent[2]!.content).toEqual([{ type: 'text', text: 'and this one?' }, { type: 'image_url', image_url: { url: PNG_URI } }]);
  });

  it('adds a user message for media when the conversation has none', () => {
    const media: LoadedMedia[] = [{ data: PNG, mediaType: 'image/png', fileName: undefined, origin: 'media[0]' }];
    expect(build({ messages: [{ role: 'system', content: 'describe' }], media }).messages).toEqual([
      { role: 'system', content: 'describe' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: PNG_URI } }] },
    ]);
  });

  it('passes known options after checking their types, and unknown ones as they are', () => {
    expect(build({ extra: { temperature: 0.2, max_tokens: 5, stop: ['\n'], top_k: 40, seed: undefined } })).toMatchObject({ temperature: 0.2, max_tokens: 5, stop: ['\n'], top_k: 40 });
    const fails = (extra: Record<string, unknown>) => {
      try {
        build({ extra });
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(fails({ temperature: 3 })).toBe('Invalid providerOptions.openai-compatible.temperature: expected a number from 0 to 2, got 3.');
    expect(fails({ max_tokens: 1.5 })).toContain('positive integer');
    expect(fails({ stream: false })).toContain('set by the provider');
    expect(fails({ n: 2 })).toContain('set by the provider');
    expect(fails({ maxTokens: 5 })).toContain("spell it 'max_tokens'");
  });
});
