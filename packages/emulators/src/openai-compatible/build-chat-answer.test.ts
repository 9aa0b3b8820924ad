import { describe, expect, it } from '@jest/globals';
import { buildChatAnswer, readAnswerDirectives } from './build-chat-answer.js';
import type { ChatRequest, ChatTool } from './chat-request.js';

const weather: ChatTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const person = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const asks = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'm', messages: [{ role: 'user', content }], ...extra });
const answer = (request: ChatRequest) => buildChatAnswer(request, { sequence: 3 });

describe('buildChatAnswer', () => {
  it('echoes the prompt, one word per chunk, without tools or a response format', () => {
    expect(answer(asks('one two'))).toEqual({ kind: 'text', chunks: ['Echo ', 'from ', 'm: ', 'one ', 'two'], promptTokens: 2 });
  });

  it('calls a tool when the request has tools and ends with a user message, the directives left out of the arguments', () => {
    expect(answer(asks('Paris #tools:1', { tools: [weather] }))).toEqual({
      kind: 'tool-calls',
      calls: [{ id: 'call_emu_3_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      promptTokens: 2,
    });
  });

  it('answers a JSON Schema response format with an object in three pieces; after tool results its strings repeat them', () => {
    const format: ChatRequest['response_format'] = { type: 'json_schema', json_schema: { name: 'person', schema: person } };
    const afterTools: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: 'Who?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { name: 'lookup', arguments: '{}' } }] },
        { role: 'tool', content: 'Ada', tool_call_id: 'c1' },
      ],
      response_format: format,
    };

    const json = (request: ChatRequest): string[] => {
      const built = answer(request);
      return built.kind === 'text' ? built.chunks : [];
    };

    expect(json(asks('Ada', { response_format: format }))).toHaveLength(3);
    expect(json(asks('Ada', { response_format: format })).join('')).toBe('{"name":"Ada"}');
    expect(json(afterTools).join('')).toBe('{"name":"lookup: Ada"}');
  });
});

describe('readAnswerDirectives', () => {
  it('reads #tools:N and #invalid-object, and gives the prompt without them', () => {
    expect(readAnswerDirectives('Weather in Paris and Rome? #tools: 2')).toEqual({ toolCalls: 2, invalidObject: false, text: 'Weather in Paris and Rome?' });
    expect(readAnswerDirectives('#invalid-object Who is Ada?')).toEqual({ toolCalls: undefined, invalidObject: true, text: 'Who is Ada?' });
    expect(readAnswerDirectives('plain')).toEqual({ toolCalls: undefined, invalidObject: false, text: 'plain' });
  });
});
