import { describe, expect, it } from '@jest/globals';
import { thrown } from '@switchboard/core/testing';
import { GatewayError } from '../errors/gateway-error.js';
import { parseChatRequest } from './parse-chat-request.js';

const messages = [{ role: 'user', content: 'Hi' }];

describe('parseChatRequest', () => {
  it('reads model, messages, streaming and the sampling fields as call settings, and lists the fields it does not map', () => {
    expect(
      parseChatRequest({ model: 'echo', messages, stream: true, stream_options: { include_usage: true }, temperature: 0.3, max_tokens: 10, user: 'u1', n: 1 }),
    ).toEqual({
      model: 'echo',
      messages,
      stream: true,
      includeUsage: true,
      settings: { temperature: 0.3, maxOutputTokens: 10 },
      params: { 'options.temperature': 'temperature', 'options.maxOutputTokens': 'max_tokens' },
      ignored: ['user'],
    });
  });

  it('maps every sampling field, a single stop string as a list of one', () => {
    const fields = { max_completion_tokens: 5, top_p: 0.5, top_k: 3, stop: 'END', seed: 1, presence_penalty: 0.1, frequency_penalty: 0.2 };
    expect(parseChatRequest({ model: 'echo', messages, ...fields }).settings).toEqual({
      maxOutputTokens: 5,
      topP: 0.5,
      topK: 3,
      stopSequences: ['END'],
      seed: 1,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
    });
  });

  it('has no settings and ignores nothing when there are none, and leaves out null fields (OpenAI\'s "use the default")', () => {
    expect(parseChatRequest({ model: 'echo', messages })).toMatchObject({ settings: undefined, ignored: [] });
    expect(parseChatRequest({ model: 'echo', messages, temperature: null, stop: null, user: null })).toMatchObject({ settings: undefined, ignored: [] });
  });

  it.each([
    ['not an object', [], null, 'invalid_body'],
    ['no model', { messages }, 'model', 'missing_required_parameter'],
    ['a blank model', { model: ' ', messages }, 'model', 'invalid_type'],
    ['no messages', { model: 'echo' }, 'messages', 'missing_required_parameter'],
    ['messages that are not a list', { model: 'echo', messages: 'Hi' }, 'messages', 'invalid_type'],
    ['stream that is not a boolean', { model: 'echo', messages, stream: 1 }, 'stream', 'invalid_type'],
    ['stream_options without streaming', { model: 'echo', messages, stream_options: { include_usage: true } }, 'stream_options', 'invalid_value'],
    [
      'include_usage that is not a boolean',
      { model: 'echo', messages, stream: true, stream_options: { include_usage: 'yes' } },
      'stream_options.include_usage',
      'invalid_type',
    ],
    ['more than one choice', { model: 'echo', messages, n: 3 }, 'n', 'invalid_value'],
  ])('refuses %s with a 400 naming the field', (_what, body, param, code) => {
    const error = thrown(() => parseChatRequest(body));
    expect(GatewayError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, param, code });
  });
});
