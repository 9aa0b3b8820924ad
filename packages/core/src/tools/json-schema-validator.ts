import { compileFunction } from 'node:vm';
import type { SchemaViolation } from '../errors/structured-output-error.js';
import type { JsonSchema } from '../provider/tool.js';
import { BoundedCache } from './bounded-cache.js';
import { findRefCycle } from './find-ref-cycle.js';
import { createLinearRegExp } from './linear-regexp.js';
import { isSchemaObject, jsonPointer, walkSchema } from './walk-schema.js';

/** A reason a schema cannot be used. */
export interface SchemaProblem extends SchemaViolation {
  /**
   * Set when the problem is one keyword (a `pattern`, a `$ref`): its segments from the schema's
   * root, so an error can name that exact place.
   */
  at?: readonly (string | number)[];
}

/** Checks JSON Schemas and values against them. */
export interface JsonSchemaValidator {
  /**
   * Why `schema` cannot be used, or an empty list: not a JSON Schema (draft-07), a pattern the
   * linear-time engine cannot run, a `$ref` that does not resolve inside the schema, a `$ref` that
   * loops back without stepping into the value. The caller bounds the schema's depth first.
   */
  schemaProblems(schema: unknown): SchemaProblem[];
  /**
   * A validating function for `schema`, which must have no {@link schemaProblems}. Compiled once per
   * distinct content: a bounded cache keyed by a hash of the schema's JSON holds the recent ones.
   */
  compile(schema: JsonSchema): (value: unknown) => SchemaViolation[];
}

/** How many compiled schemas are kept, and how much schema text they may add up to. */
export const SCHEMA_CACHE_LIMITS = { maxEntries: 256, maxSchemaBytes: 1024 * 1024 } as const;

let loading: Promise<JsonSchemaValidator> | undefined;

/**
 * The JSON Schema validator (ajv, with RE2 for patterns), loaded on first use: it costs more to
 * import than the rest of core together, and only calls with tools or a response schema need it.
 */
export function loadJsonSchemaValidator(): Promise<JsonSchemaValidator> {
  return (loading ??= Promise.all([import('ajv'), import('re2js'), import('node:crypto')]).then(([ajvModule, { RE2JS }, { createHash }]) => {
    // ajv is CommonJS: its class is the module's default export, or that export's `default`.
    const Ajv = ((ajvModule.default as unknown as { default?: unknown }).default ?? ajvModule.default) as typeof import('ajv').default;
    return createValidator({ Ajv, re2: RE2JS, hash: (text) => createHash('sha256').update(text).digest('base64') });
  }));
}

type Ajv = InstanceType<typeof import('ajv').default>;
type Compiled = { problems: SchemaProblem[]; validate?: (value: unknown) => SchemaViolation[] };

/** Values every schema is tried on once when checked: a `$ref` loop the static check missed shows here. */
const PROBES: unknown[] = [null, true, 0, '', [], {}];

function createValidator({ Ajv, re2, hash }: { Ajv: typeof import('ajv').default; re2: typeof import('re2js').RE2JS; hash: (text: string) => string }) {
  const options = { strict: false, allErrors: true, validateFormats: false } as const;
  // Meta-validation only: this instance holds the draft-07 meta-schema and nothing a client sends.
  const meta = new Ajv(options);
  const patterns = createLinearRegExp(re2);
  const cache = new BoundedCache<string, Compiled>({ maxEntries: SCHEMA_CACHE_LIMITS.maxEntries, maxWeight: SCHEMA_CACHE_LIMITS.maxSchemaBytes });

  const compiled = (schema: unknown): Compiled => {
    if (!isSchemaObject(schema)) return { problems: [{ path: '', message: 'must be a JSON Schema object' }] };
    let text: string;
    try {
      text = JSON.stringify(schema);
    } catch (error) {
      return { problems: [{ path: '', message: `must be plain JSON data (${(error as Error).message})` }] };
    }
    // Keyed by content, never by a `$id` the client chose: equal schemas share a compiled function,
    // and nothing one request sends can be reached from another.
    const key = hash(text);
    let entry = cache.get(key);
    if (!entry) {
      entry = compileAlone(schema);
      cache.set(key, entry, text.length);
    }
    return entry;
  };

  const compileAlone = (schema: Readonly<Record<string, unknown>>): Compiled => {
    try {
      const problems = [...metaProblems(schema), ...patternProblems(schema)];
      if (problems.length > 0) return { problems };
      const cycle = findRefCycle(schema);
      if (cycle !== undefined) {
        return {
          problems: [
            {
              path: cycle,
              at: segments(cycle),
              message: 'refers back to itself without stepping into the value, so checking a value against it would never end',
            },
          ],
        };
      }
      // A fresh instance per schema: a `$id` it declares and every `$ref` it follows stay inside it.
      const ajv = withoutEvalCache(
        (process) => new Ajv({ ...options, ownProperties: true, validateSchema: false, code: { regExp: patterns.engine, process } }),
      );
      let check: ReturnType<Ajv['compile']>;
      try {
        check = ajv.compile(schema);
      } catch (error) {
        return { problems: [compileProblem(schema, error)] };
      }
      const validate = (value: unknown): SchemaViolation[] => {
        try {
          return check(value) ? [] : (check.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? 'is invalid' }));
        } catch (error) {
          if (error instanceof RangeError) return [{ path: '', message: 'could not be checked: the schema recurses without end on this value' }];
          throw error;
        }
      };
      for (const probe of PROBES) {
        if (validate(probe).some((violation) => violation.message.startsWith('could not be checked'))) {
          return { problems: [{ path: '', message: 'has a $ref that loops back to itself without stepping into the value' }] };
        }
      }
      return { problems: [], validate };
    } catch (error) {
      // The caller bounds the depth; this is the last guard, should a schema still be too deep to walk.
      if (error instanceof RangeError) return { problems: [{ path: '', message: 'is nested too deeply to check' }] };
      throw error;
    }
  };

  const metaProblems = (schema: Readonly<Record<string, unknown>>): SchemaProblem[] => {
    try {
      return meta.validateSchema(schema) ? [] : (meta.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? 'is invalid' }));
    } catch (error) {
      // ajv throws for a `$schema` it does not know rather than reporting it.
      if ('$schema' in schema) {
        return [
          {
            path: '/$schema',
            at: ['$schema'],
            message: `names ${JSON.stringify(schema['$schema'])}, which this validator does not read: it reads JSON Schema draft-07. Leave $schema out, or set it to 'http://json-schema.org/draft-07/schema#'`,
          },
        ];
      }
      return [{ path: '', message: (error as Error).message }];
    }
  };

  const patternProblems = (schema: Readonly<Record<string, unknown>>): SchemaProblem[] => {
    const problems: SchemaProblem[] = [];
    for (const node of walkSchema(schema)) {
      const { pattern, patternProperties } = node.schema;
      if (Object.hasOwn(node.schema, 'pattern') && typeof pattern === 'string') {
        const problem = patterns.problem(pattern);
        if (problem) problems.push(pinned([...node.path, 'pattern'], problem));
      }
      if (Object.hasOwn(node.schema, 'patternProperties') && isSchemaObject(patternProperties)) {
        for (const key of Object.keys(patternProperties)) {
          const problem = patterns.problem(key);
          if (problem) problems.push(pinned([...node.path, 'patternProperties', key], problem));
        }
      }
    }
    return problems;
  };

  return {
    schemaProblems: (schema: unknown) => compiled(schema).problems,
    compile(schema: JsonSchema) {
      const entry = compiled(schema);
      if (!entry.validate)
        throw new TypeError(
          `compile() takes a checked schema; this one ${entry.problems.map((problem) => `${problem.path || '(root)'} ${problem.message}`).join('; ')}.`,
        );
      return entry.validate;
    },
  } satisfies JsonSchemaValidator;
}

const FACTORY = Symbol.for('switchboard.ajvFactory');
/** What ajv is handed to compile instead of a schema's code: the same text every time. */
const TAKE_FACTORY = `return self[Symbol.for('switchboard.ajvFactory')](self, scope)`;

/**
 * An ajv instance whose generated code is compiled by `vm.compileFunction` instead of ajv's
 * `new Function`. V8 keeps every distinct source given to `new Function` (or `eval`) in its
 * compilation cache for the life of the process: a schema's code is unique to it, so each distinct
 * schema a client sent would stay in memory forever (about 30 KB for a 2.5 KB schema), whatever
 * becomes of the validator. ajv's `code.process` hook hands us the code; we compile it, and ajv's
 * own `new Function` only ever sees one constant line that fetches the result.
 */
function withoutEvalCache(create: (process: (source: string) => string) => Ajv): Ajv {
  let factory: ((self: unknown, scope: unknown) => unknown) | undefined;
  const ajv = create((source) => {
    factory = compileFunction(source, ['self', 'scope']) as typeof factory;
    return TAKE_FACTORY;
  });
  Object.defineProperty(ajv, FACTORY, {
    value: (self: unknown, scope: unknown) => {
      const take = factory!;
      factory = undefined;
      return take(self, scope);
    },
  });
  return ajv;
}

/** A `$ref` ajv could not resolve (it names it), or any other compile failure, as a problem. */
function compileProblem(schema: Readonly<Record<string, unknown>>, error: unknown): SchemaProblem {
  const missing = (error as { missingRef?: unknown }).missingRef;
  if (typeof missing === 'string') {
    const ref = findRef(schema, missing);
    return {
      ...(ref ? pinned([...ref.path, '$ref'], '') : { path: '' }),
      message: `refers to ${JSON.stringify(ref?.schema['$ref'] ?? missing)}, which is not in this schema: references are resolved inside the schema only, never to another request's schema or the network`,
    };
  }
  return { path: '', message: (error as Error).message };
}

/** The `$ref` ajv reports as missing (it reports it resolved against the base URI). */
function findRef(schema: Readonly<Record<string, unknown>>, missing: string) {
  for (const node of walkSchema(schema)) {
    const ref = node.schema['$ref'];
    if (typeof ref === 'string' && (ref === missing || missing.endsWith(ref) || missing.endsWith(ref.replace(/^#/, '')))) return node;
  }
  return undefined;
}

function pinned(at: (string | number)[], message: string): SchemaProblem {
  return { path: jsonPointer(at), at, message };
}

/** A JSON Pointer's segments (`/properties/a~1b/$ref` -> ['properties', 'a/b', '$ref']). */
function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
