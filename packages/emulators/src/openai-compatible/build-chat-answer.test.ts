import { describe, expect, it } from '@jest/globals';
import { readAnswerDirectives } from './build-chat-answer.js';

describe('readAnswerDirectives', () => {
  it('reads #tools:N and #invalid-object, and gives the prompt without them', () => {
    expect(readAnswerDirectives('Weather in Paris and Rome? #tools: 2')).toEqual({ toolCalls: 2, invalidObject: false, text: 'Weather in Paris and Rome?' });
    expect(readAnswerDirectives('#invalid-object Who is Ada?')).toEqual({ toolCalls: undefined, invalidObject: true, text: 'Who is Ada?' });
    expect(readAnswerDirectives('plain')).toEqual({ toolCalls: undefined, invalidObject: false, text: 'plain' });
  });
});
