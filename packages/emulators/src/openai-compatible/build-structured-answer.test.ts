import { describe, expect, it } from '@jest/globals';
import { buildStructuredAnswer } from './build-structured-answer.js';

const person = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
const asSchema = (schema: unknown) => ({ type: 'json_schema' as const, json_schema: { name: 'person', schema } });
const answer = (format: Parameters<typeof buildStructuredAnswer>[0]['format'], invalid = false) =>
  buildStructuredAnswer({ format, echo: 'Echo from m: Ada', text: 'Ada', invalid });

describe('buildStructuredAnswer', () => {
  it('answers a JSON Schema with an object generated from it', () => {
    expect(answer(asSchema(person))).toBe('{"name":"Ada","age":1}');
  });

  it('breaks the schema on purpose: the first required property left out, or a value of the wrong type', () => {
    expect(answer(asSchema(person), true)).toBe('{"age":1}');
    expect(answer(asSchema({ type: 'object' }), true)).toBe('"not what the schema asks for"');
    expect(answer(asSchema({ type: 'string' }), true)).toBe('0');
  });

  it('answers json_object with the echo in an object, and leaves text answers alone', () => {
    expect(answer({ type: 'json_object' })).toBe('{"echo":"Echo from m: Ada"}');
    expect(answer({ type: 'text' })).toBeUndefined();
  });
});
