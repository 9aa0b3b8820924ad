import { describe, expect, it } from '@jest/globals';
import type { LoadedMedia, Message } from '@switchboard/core/provider';
import { TINY_PNG } from '@switchboard/core/testing';
import { buildRequest } from './build-request.js';

const PNG_URI = `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`;

function build(overrides: Partial<Parameters<typeof buildRequest>[0]> = {}): Record<string, unknown> {
  return JSON.parse(buildRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], media: [], extra: {}, stream: true, ...overrides }).body) as Record<string, unknown>;
}

describe('buildRequest', () => {
  it('asks for a stream with usage, as JSON that accepts server-sent events', () => {
    const request = buildRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], media: [], extra: {}, stream: true });
    expect(request.headers).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream' });
    expect(JSON.parse(request.body)).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    expect(build({ stream: false })).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false });
  });

  it('maps roles and parts to the OpenAI format', () => {
    const messages: Message[] = [
      { role: 'developer', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: PNG_URI, detail: 'low' } }], name: 'ann' },
      { role: 'assistant', content: 'ok' },
    ];
    expect(build({ messages }).messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: PNG_URI, detail: 'low' } }], name: 'ann' },
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
      { data: TINY_PNG, mediaType: 'image/png', fileName: 'a.png', origin: 'media[0]' },
      { data: TINY_PNG, mediaType: 'image/png', fileName: undefined, origin: 'messages[0].content[1]' },
    ];
    const sent = build({ messages, media }).messages as { content: unknown }[];
    expect(sent[0]!.content).toEqual([{ type: 'text', text: 'first' }, { type: 'image_url', image_url: { url: PNG_URI } }]);
    expect(sent[2]!.content).toEqual([{ type: 'text', text: 'and this one?' }, { type: 'image_url', image_url: { url: PNG_URI } }]);
  });

  it('adds a user message for media when the conversation has none', () => {
    const media: LoadedMedia[] = [{ data: TINY_PNG, mediaType: 'image/png', fileName: undefined, origin: 'media[0]' }];
    expect(build({ messages: [{ role: 'system', content: 'describe' }], media }).messages).toEqual([
      { role: 'system', content: 'describe' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: PNG_URI } }] },
    ]);
  });

  it('writes the per-call options as given, leaving out undefined ones', () => {
    expect(build({ extra: { temperature: 0.2, top_k: 40, seed: undefined } })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      top_k: 40,
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
