import { describe, expect, it } from '@jest/globals';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import { rejection } from '../testing/captured-error.js';
import { parseStructuredAnswer } from './parse-structured-answer.js';

const where = { provider: 'p', model: 'm' };
const limits = { maxNestingDepth: 8 };
const json = { type: 'json' } as const;
const person = { type: 'json_schema', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } as const;

describe('parseStructuredAnswer', () => {
  it('reads the JSON inside a ``` or ```json fence around the whole answer', async () => {
    expect(await parseStructuredAnswer('```json\n{"name":"Ada"}\n```', person, where, limits)).toEqual({ name: 'Ada' });
    expect(await parseStructuredAnswer('  ```\n[1, 2]\n```  ', json, where, limits)).toEqual([1, 2]);
    expect(await parseStructuredAnswer('```JSON\n{"name":"Ada"}```', person, where, limits)).toEqual({ name: 'Ada' });
  });

  it('leaves an answer that is not wholly fenced as it is', async () => {
    const error = await rejection(parseStructuredAnswer('```python\nprint(1)\n```', json, where, limits));

    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputError).violations[0]!.message).toMatch(/^is not JSON/);
  });

  it('reads a fence with a long run of spaces in linear time (a lazy pattern backtracks quadratically there)', async () => {
    const padded = `\`\`\`json\n{"name":"Ada"${' '.repeat(200_000)}}\n\`\`\``;
    expect(await parseStructuredAnswer(padded, person, where, limits)).toEqual({ name: 'Ada' });

    const unclosed = `\`\`\`json\n${' '.repeat(200_000)}x`;
    expect(StructuredOutputError.isInstance(await rejection(parseStructuredAnswer(unclosed, json, where, limits)))).toBe(true);
  });

  it('validates against the schema, listing every violation', async () => {
    const error = (await rejection(parseStructuredAnswer('{"name":1}', person, where, limits))) as StructuredOutputError;

    expect(error.violations).toEqual([{ path: '/name', message: 'must be string' }]);
  });

  it('refuses to walk an answer nested deeper than the limit, saying where', async () => {
    const deep = `${'['.repeat(9)}${']'.repeat(9)}`;
    const error = (await rejection(parseStructuredAnswer(deep, { type: 'json_schema', schema: { type: 'array' } }, where, limits))) as StructuredOutputError;

    expect(error.violations).toEqual([{ path: '/0/0/0/0/0/0/0/0', message: 'is nested more than 8 objects or arrays deep (limits.maxNestingDepth)' }]);
    // Plain JSON is not walked, so not limited.
    expect(await parseStructuredAnswer(deep, json, where, limits)).toHaveLength(1);
  });
});
