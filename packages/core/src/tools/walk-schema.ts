/** One subschema of a JSON Schema and where it sits (segments from the root). */
export interface SchemaNode {
  schema: Readonly<Record<string, unknown>>;
  path: readonly (string | number)[];
}

/** Keywords whose value is one subschema. */
const SINGLE = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'contentSchema',
  'else',
  'if',
  'items',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'items', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const MAP = ['$defs', 'definitions', 'dependencies', 'dependentSchemas', 'patternProperties', 'properties'] as const;

/**
 * Every subschema of `schema` (itself included), found by keyword, so a property that happens to be
 * called `pattern` is never taken for the keyword. A loop with its own stack, never recursion: the
 * caller has bounded the schema's depth, not its width. Boolean schemas have nothing to visit.
 */
export function* walkSchema(schema: Readonly<Record<string, unknown>>): Generator<SchemaNode> {
  const stack: SchemaNode[] = [{ schema, path: [] }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const push = (value: unknown, ...segments: (string | number)[]) => {
      if (isSchemaObject(value)) stack.push({ schema: value, path: [...node.path, ...segments] });
    };
    for (const keyword of SINGLE) if (Object.hasOwn(node.schema, keyword)) push(node.schema[keyword], keyword);
    for (const keyword of LIST) {
      const list = Object.hasOwn(node.schema, keyword) ? node.schema[keyword] : undefined;
      if (Array.isArray(list)) {
        for (let index = 0; index < list.length; index++) push(list[index], keyword, index);
      }
    }
    for (const keyword of MAP) {
      const map = Object.hasOwn(node.schema, keyword) ? node.schema[keyword] : undefined;
      if (isSchemaObject(map)) for (const name of Object.keys(map)) push(map[name], keyword, name);
    }
  }
}

/** A schema that is an object (not `true`/`false`, not an array). */
export function isSchemaObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Segments as a JSON Pointer (`/properties/a~1b`), the form schema problems are reported in. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
