import { describe, expect, it } from '@jest/globals';
import { sampleFromSchema } from './sample-from-schema.js';

const sample = (schema: unknown) => sampleFromSchema(schema, { text: 'Paris' });

describe('sampleFromSchema', () => {
  it('fills the required properties of an object: strings with the text, numbers 1, booleans true', () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' }, note: { type: 'string' } },
      required: ['city', 'days', 'metric'],
    };
    expect(sample(schema)).toEqual({ city: 'Paris', days: 1, metric: true });
  });

  it('takes const, the first enum value and the first anyOf/oneOf branch', () => {
    expect(sample({ const: 'fixed' })).toBe('fixed');
    expect(sample({ type: 'string', enum: ['celsius', 'fahrenheit'] })).toBe('celsius');
    expect(sample({ anyOf: [{ type: 'number' }, { type: 'string' }] })).toBe(1);
    expect(sample({ oneOf: [{ type: 'null' }] })).toBeNull();
  });

  it('makes arrays of one item (or minItems), nested objects, and nullable types', () => {
    expect(sample({ type: 'array', items: { type: 'string' } })).toEqual(['Paris']);
    expect(sample({ type: 'array', items: { type: 'number' }, minItems: 2 })).toEqual([1, 1]);
    expect(
      sample({
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } } },
        required: ['tags'],
      }),
    ).toEqual({
      tags: [{ id: 1 }],
    });
    expect(sample({ type: ['null', 'string'] })).toBe('Paris');
  });

  it('keeps numbers and strings within their bounds', () => {
    expect(sample({ type: 'integer', minimum: 18 })).toBe(18);
    expect(sample({ type: 'number', maximum: 0.5 })).toBe(0.5);
    expect(sample({ type: 'integer', exclusiveMinimum: 5 })).toBe(6);
    expect(sample({ type: 'string', maxLength: 3 })).toBe('Par');
    expect(sample({ type: 'string', minLength: 8 })).toBe('Paris...');
  });

  it('follows local $refs and merges allOf', () => {
    const schema = {
      $defs: { place: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      type: 'object',
      properties: { from: { $ref: '#/$defs/place' } },
      required: ['from'],
    };
    expect(sample(schema)).toEqual({ from: { name: 'Paris' } });
    expect(sample({ allOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { required: ['a'] }] })).toEqual({ a: 1 });
  });

  it('takes the text where a schema allows anything', () => {
    expect(sample(true)).toBe('Paris');
    expect(sample({})).toBe('Paris');
  });
});
