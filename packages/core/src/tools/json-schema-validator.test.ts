// The validator of client JSON Schemas, attacked as a client of the gateway would: catastrophic
// patterns, references to another request's schema, a reused $id, references that never end, and
// thousands of distinct schemas. Counts and outcomes only: no assertion on timing.
import { describe, expect, it } from '@jest/globals';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadJsonSchemaValidator, SCHEMA_CACHE_LIMITS } from './json-schema-validator.js';

const validator = await loadJsonSchemaValidator();
const validate = (schema: Record<string, unknown>, value: unknown) => validator.compile(schema)(value);

describe('patterns run in linear time (RE2)', () => {
  const evil = { type: 'string', pattern: '^(a+)+$' };

  it("checks '^(a+)+$' against thirty a's and '!' (a backtracking engine takes seconds)", () => {
    expect(validator.schemaProblems(evil)).toEqual([]);
    expect(validate(evil, `${'a'.repeat(30)}!`)).toEqual([{ path: '', message: 'must match pattern "^(a+)+$"' }]);
    expect(validate(evil, 'a'.repeat(30))).toEqual([]);
  });

  it('checks it against 100,000 characters too (a backtracking engine would never finish)', () => {
    expect(validate(evil, `${'a'.repeat(100_000)}!`)).toHaveLength(1);
  });

  it('runs patternProperties on the same engine', () => {
    const schema = { type: 'object', patternProperties: { '^(a|aa)+$': { type: 'number' } } };

    expect(validate(schema, { [`${'a'.repeat(5_000)}!`]: 'not checked: the name does not match' })).toEqual([]);
    expect(validate(schema, { aaaa: 'x' })).toEqual([{ path: '/aaaa', message: 'must be number' }]);
  });

  it("reads JavaScript's \\uXXXX and \\u{X} escapes, surrogate pairs included", () => {
    expect(validate({ type: 'string', pattern: '^\\u00e9\\u{1F600}\\uD83D\\uDE00$' }, 'é😀😀')).toEqual([]);
    expect(validate({ type: 'string', pattern: '^[\\u0041-\\u005A]+$' }, 'abc')).toHaveLength(1);
    // An escaped backslash followed by 'u' is a literal backslash, not an escape.
    expect(validate({ type: 'string', pattern: '^\\\\u0041$' }, '\\u0041')).toEqual([]);
  });

  it.each([
    ['an unclosed group', '(a', 'missing closing )'],
    ['a lookahead', 'x(?!y)', 'no lookahead, lookbehind or backreferences'],
    ['a backreference', '(a)\\1', 'no lookahead, lookbehind or backreferences'],
  ])('refuses %s, naming the keyword', (_case, pattern, reason) => {
    const [problem] = validator.schemaProblems({ type: 'object', properties: { name: { type: 'string', pattern } } });

    expect(problem).toMatchObject({ path: '/properties/name/pattern', at: ['properties', 'name', 'pattern'] });
    expect(problem!.message).toContain(reason);
  });

  it('refuses a bad patternProperties key at that key, and leaves a property named "pattern" alone', () => {
    const [problem] = validator.schemaProblems({ type: 'object', patternProperties: { '[': {} }, properties: { pattern: { type: 'string' } } });

    expect(problem).toMatchObject({ at: ['patternProperties', '['] });
    expect(validator.schemaProblems({ type: 'object', properties: { pattern: { enum: ['(', '['] } } })).toEqual([]);
  });
});

describe('every schema compiled on its own', () => {
  it('lets two requests use the same $id for different schemas', () => {
    const person = { $id: 'https://example.com/person.json', type: 'object', required: ['name'] };
    const pet = { $id: 'https://example.com/person.json', type: 'object', required: ['species'] };

    expect(validator.schemaProblems(person)).toEqual([]);
    expect(validator.schemaProblems(pet)).toEqual([]);
    expect(validate(person, { name: 'Ada' })).toEqual([]);
    expect(validate(pet, { name: 'Ada' })).toEqual([{ path: '', message: "must have required property 'species'" }]);
  });

  it("never resolves a $ref to another request's schema", () => {
    expect(validator.schemaProblems({ $id: 'urn:x:shared', type: 'string', description: 'a secret shape' })).toEqual([]);

    const [problem] = validator.schemaProblems({ type: 'object', properties: { leak: { $ref: 'urn:x:shared' } } });

    expect(problem).toMatchObject({ path: '/properties/leak/$ref', at: ['properties', 'leak', '$ref'] });
    expect(problem!.message).toContain('"urn:x:shared", which is not in this schema');
  });

  it('resolves references inside the schema, by pointer and by $id', () => {
    const schema = {
      type: 'object',
      definitions: { name: { $id: '#name', type: 'string', minLength: 1 } },
      properties: { first: { $ref: '#/definitions/name' }, last: { $ref: '#name' } },
    };

    expect(validator.schemaProblems(schema)).toEqual([]);
    expect(validate(schema, { first: 'Ada', last: '' })).toEqual([{ path: '/last', message: 'must NOT have fewer than 1 characters' }]);
  });

  it.each([
    ['a $ref to the root', { $ref: '#' }, '/$ref'],
    [
      'two definitions referring to each other',
      { definitions: { a: { $ref: '#/definitions/b' }, b: { allOf: [{ $ref: '#/definitions/a' }] } }, $ref: '#/definitions/a' },
      '/definitions/',
    ],
    ['a $ref inside its own anyOf', { anyOf: [{ type: 'null' }, { $ref: '#' }] }, '/anyOf/1/$ref'],
  ])('refuses %s (validating would never end)', (_case, schema, where) => {
    const [problem] = validator.schemaProblems(schema);

    expect(problem!.path).toContain(where);
    expect(problem!.message).toContain('refers back to itself without stepping into the value');
  });

  it('takes a recursive schema that steps into the value (a tree), and checks deep values with it', () => {
    const tree = { type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: '#' } } }, required: ['value'] };
    let value: Record<string, unknown> = { value: 0 };
    for (let depth = 1; depth < 30; depth++) value = { value: depth, children: [value] };

    expect(validator.schemaProblems(tree)).toEqual([]);
    expect(validate(tree, value)).toEqual([]);
  });

  it('checks absent optional properties named like Object.prototype members as absent', () => {
    const schema = { type: 'object', properties: { toString: { type: 'string' }, constructor: { type: 'number' }, __proto__x: { type: 'string' } } };

    expect(validate(schema, {})).toEqual([]);
    expect(validate(schema, JSON.parse('{"toString":"yes","constructor":1}'))).toEqual([]);
    expect(validate(schema, JSON.parse('{"toString":1}'))).toEqual([{ path: '/toString', message: 'must be string' }]);
  });

  it('says which $schema it reads instead of failing on one it does not know', () => {
    const [problem] = validator.schemaProblems({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });

    expect(problem).toMatchObject({ path: '/$schema', at: ['$schema'] });
    expect(problem!.message).toContain('it reads JSON Schema draft-07');
    expect(validator.schemaProblems({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })).toEqual([]);
  });

  it('reports what is not a JSON Schema, as before', () => {
    expect(validator.schemaProblems({ type: 'objekt' })[0]).toMatchObject({ path: '/type' });
    expect(validator.schemaProblems([])).toEqual([{ path: '', message: 'must be a JSON Schema object' }]);
    expect(() => validator.compile({ $ref: '#' })).toThrow(/takes a checked schema/);
  });
});

describe('memory', () => {
  it(`keeps at most ${SCHEMA_CACHE_LIMITS.maxEntries} compiled schemas: 3,000 distinct 2.5 KB schemas leave the heap bounded`, () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const schema = (index: number) => {
      const properties: Record<string, unknown> = {};
      for (let field = 0; field < 8; field++) {
        properties[`field_${field}_${index}`] = {
          type: 'string',
          pattern: `^[a-z]+${field}$`,
          description: `Field ${field} of schema ${index}. ${'Words. '.repeat(36)}`,
        };
      }
      return { $id: 'https://example.com/same-for-all.json', type: 'object', properties, required: [`field_0_${index}`] };
    };
    expect(JSON.stringify(schema(0)).length).toBeGreaterThan(2_500);
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // A first round fills the cache; the second must not grow the heap any further.
    for (let index = 0; index < 500; index++) expect(validator.schemaProblems(schema(index))).toEqual([]);
    const before = heap();
    for (let index = 500; index < 3_500; index++) {
      expect(validator.schemaProblems(schema(index))).toEqual([]);
      expect(validate(schema(index), { [`field_0_${index}`]: 'abc0' })).toEqual([]);
    }
    const grown = heap() - before;

    // Each distinct schema given to ajv's `new Function` stays in V8's compilation cache for good
    // (about 30 KB for one of these): 3,000 of them would be 90 MB, whatever the cache keeps.
    expect(grown).toBeLessThan(15 * 1024 * 1024);
  }, 120_000);
});
