import { describe, expect, it } from '@jest/globals';
import { ApiCallError, ResponseFormatError } from '@switchboard/core/provider';
import { parseResponse } from './parse-response.js';

const context = { provider: 'openai-compatible', model: 'm', url: 'http://127.0.0.1/v1/chat/completions' };
const delta = (data: unknown) => parseResponse(JSON.stringify(data), { ...context, field: 'delta' });

describe('parseResponse', () => {
  it('reads the delta text, the finish reason and usage', () => {
    expect(delta({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })).toEqual({
      text: 'Hi',
      toolCalls: [],
      finishReason: undefined,
      usage: undefined,
    });
    expect(delta({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] })).toEqual({
      text: '',
      toolCalls: [],
      finishReason: 'length',
      usage: undefined,
    });
    expect(delta({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } })).toEqual({
      text: '',
      toolCalls: [],
      finishReason: undefined,
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
    });
  });

  it('maps finish reasons to the contract', () => {
    const reasonOf = (finish_reason: unknown) => delta({ choices: [{ delta: {}, finish_reason }] }).finishReason;
    expect([reasonOf('stop'), reasonOf('content_filter'), reasonOf('tool_calls'), reasonOf('function_call'), reasonOf('eos'), reasonOf(7)]).toEqual([
      'stop',
      'content-filter',
      'tool-calls',
      'tool-calls',
      'other',
      'unknown',
    ]);
  });

  it('reads the tool calls of a whole answer, whose content is null', () => {
    const body = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              // Some servers send the arguments as an object, and no id.
              { type: 'function', function: { name: 'get_time', arguments: { zone: 'CET' } } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    expect(parseResponse(JSON.stringify(body), { ...context, field: 'message' })).toEqual({
      text: '',
      toolCalls: [
        { index: 0, id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { index: 1, id: undefined, name: 'get_time', arguments: '{"zone":"CET"}' },
      ],
      finishReason: 'tool-calls',
      usage: undefined,
    });
  });

  it('reads tool-call pieces of a stream event: the id and name in the first, arguments after', () => {
    const first = delta({
      choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] } }],
    });
    const later = delta({ choices: [{ index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '{"zo' } }] } }] });
    expect(first.toolCalls).toEqual([{ index: 1, id: 'call_b', name: 'get_time', arguments: '' }]);
    expect(later.toolCalls).toEqual([{ index: 1, id: undefined, name: undefined, arguments: '{"zo' }]);
  });

  it('throws ResponseFormatError for tool calls it cannot read', () => {
    const message = (tool_calls: unknown) => () =>
      parseResponse(JSON.stringify({ choices: [{ message: { content: null, tool_calls } }] }), { ...context, field: 'message' });
    expect(message({})).toThrow(/message\.tool_calls is not a list/);
    expect(message([7])).toThrow(/a tool call that is not an object/);
    expect(message([{ id: 'x', function: { arguments: '{}' } }])).toThrow(/a tool call without a function name/);
    expect(message([{ id: 'x', function: { name: 'f', arguments: 5 } }])).toThrow(/neither JSON text nor an object/);
  });

  it('reads the first choice and a whole (non-stream) message', () => {
    const body = {
      choices: [
        { index: 1, message: { content: 'no' } },
        { index: 0, message: { role: 'assistant', content: 'yes' }, finish_reason: 'stop' },
      ],
    };
    expect(parseResponse(JSON.stringify(body), { ...context, field: 'message' })).toEqual({
      text: 'yes',
      toolCalls: [],
      finishReason: 'stop',
      usage: undefined,
    });
  });

  it('throws ResponseFormatError for JSON that is not a chat completion', () => {
    for (const data of ['{"choices": [', '[1,2]', '{"object": "chat.completion.chunk"}', '{"choices": [{"delta": {"content": 5}}]}']) {
      const error = (() => {
        try {
          parseResponse(data, { ...context, field: 'delta' });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(ResponseFormatError.isInstance(error)).toBe(true);
      expect((error as ResponseFormatError).responseBody).toBe(data);
    }
    expect(() => parseResponse('{"choices": []}', { ...context, field: 'message' })).toThrow(/empty choices/);
  });

  it('throws ApiCallError for an error object, retryable unless the request was at fault', () => {
    const serverError = (() => {
      try {
        delta({ error: { message: 'CUDA out of memory', type: 'server_error' } });
      } catch (error) {
        return error as ApiCallError;
      }
    })();
    expect(ApiCallError.isInstance(serverError)).toBe(true);
    expect(ResponseFormatError.isInstance(serverError)).toBe(false);
    expect(serverError?.message).toContain('CUDA out of memory');
    expect(serverError?.isRetryable).toBe(true);
    expect(() => delta({ error: { message: 'too long', type: 'invalid_request_error', code: 'context_length_exceeded' } })).toThrow(
      expect.objectContaining({ isRetryable: false }) as never,
    );
  });
});
