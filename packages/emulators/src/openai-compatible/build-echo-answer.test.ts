import { describe, expect, it } from '@jest/globals';
import { buildEchoAnswer } from './build-echo-answer.js';

describe('buildEchoAnswer', () => {
  it('echoes the last user message, word by word, counting images', () => {
    const answer = buildEchoAnswer('m', [
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: 'data:,' } },
        ],
      },
    ]);
    expect(answer).toEqual({
      text: 'Echo from m: what is this? [1 image]',
      subject: 'what is this?',
      chunks: ['Echo ', 'from ', 'm: ', 'what ', 'is ', 'this? ', '[1 ', 'image]'],
      promptTokens: 5,
    });
  });

  it('after tool results, echoes each result with the name of the tool that gave it', () => {
    const answer = buildEchoAnswer('m', [
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '18°C' },
      { role: 'tool', tool_call_id: 'c2', content: 'noon' },
    ]);
    expect(answer.text).toBe('Echo from m: get_weather: 18°C; get_time: noon');
  });
});
