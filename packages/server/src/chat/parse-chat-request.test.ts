import { describe, expect, it } from '@jest/globals';
import { thrown } from '@switchboard/core/testing';
import { GatewayError } from '../errors/gateway-error.js';
import { parseChatRequest } from './parse-chat-request.js';

const messages = [{ role: 'user', content: 'Hi' }];

describe('parseChatRequest', () => {
  it('reads model, messages and streaming, and keeps every other field as extras', () => {
    expect(
      parseChatRequest({ model: 'echo', messages, stream: true, stream_options: { include_usage: true }, temperature: 0.3, max_tokens: 10, user: 'u1', n: 1 }),
    ).toEqual({
      model: 'echo',
      messages,
      stream: true,
      includeUsage: true,
      extras: { temperature: 0.3, max_tokens: 10, user: 'u1' },
    });
  });

  it('has no extras when there are none, and leaves out null ones (OpenAI\'s "use the default")', () => {
    expect(parseChatRequest({ model: 'echo', messages }).extras).toBeUndefined();
    expect(parseChatRequest({ model: 'echo', messages, temperature: null, stop: null }).extras).toBeUndefined();
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
