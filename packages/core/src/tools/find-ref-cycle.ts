import { isSchemaObject, jsonPointer, walkSchema } from './walk-schema.js';

type Schema = Readonly<Record<string, unknown>>;

/** Keywords that apply a subschema to the same value (no step into the data). */
const IN_PLACE_SINGLE = ['not', 'if', 'then', 'else'] as const;
const IN_PLACE_LIST = ['allOf', 'anyOf', 'oneOf'] as const;
const IN_PLACE_MAP = ['dependencies', 'dependentSchemas'] as const;

/**
 * The JSON Pointer of a `$ref` that leads back to itself without stepping into the value
 * (`{ "$ref": "#" }`, two definitions referring to each other, a `$ref` inside its own `allOf`),
 * or undefined. A validator following such a reference never ends (a stack overflow), so the
 * schema is refused when it is checked. References through `properties`, `items` and the like
 * are fine: each step goes one level into the value, which is finite.
 *
 * Resolves `#`, `#/json/pointer` and subschemas' own `$id`s and `$anchor`s; a reference it cannot
 * place is left to the validator, which fails to compile it or is caught by its stack guard.
 */
export function findRefCycle(root: Schema): string | undefined {
  const byPointer = new Map<string, Schema>();
  const byId = new Map<string, Schema>();
  const pointerOf = new Map<Schema, string>();
  for (const { schema, path } of walkSchema(root)) {
    const pointer = jsonPointer(path);
    byPointer.set(pointer, schema);
    pointerOf.set(schema, pointer);
    if (typeof schema['$id'] === 'string') byId.set(schema['$id'], schema);
    if (typeof schema['$anchor'] === 'string') byId.set(`#${schema['$anchor']}`, schema);
  }
  const target = (ref: string): Schema | undefined => {
    if (byId.has(ref)) return byId.get(ref);
    if (!ref.startsWith('#')) return undefined;
    if (ref === '#') return root;
    try {
      return byPointer.get(decodeURIComponent(ref.slice(1)));
    } catch {
      return undefined;
    }
  };
  const next = (schema: Schema): Schema[] => {
    const found: unknown[] = [];
    if (typeof schema['$ref'] === 'string') found.push(target(schema['$ref']));
    for (const keyword of IN_PLACE_SINGLE) found.push(schema[keyword]);
    for (const keyword of IN_PLACE_LIST) if (Array.isArray(schema[keyword])) found.push(...(schema[keyword] as unknown[]));
    for (const keyword of IN_PLACE_MAP) if (isSchemaObject(schema[keyword])) found.push(...Object.values(schema[keyword]));
    return found.filter(isSchemaObject);
  };

  // Depth-first with colours, on an explicit stack: grey means "on the current path".
  const colour = new Map<Schema, 'grey' | 'black'>();
  for (const start of pointerOf.keys()) {
    if (colour.has(start)) continue;
    const stack: { schema: Schema; children: Schema[] }[] = [{ schema: start, children: next(start) }];
    colour.set(start, 'grey');
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const child = top.children.pop();
      if (child === undefined) {
        colour.set(top.schema, 'black');
        stack.pop();
        continue;
      }
      const seen = colour.get(child);
      if (seen === 'grey') {
        // The cycle closes here: name the reference on it (the step that jumps back).
        const onCycle = stack.slice(stack.findIndex((frame) => frame.schema === child));
        const jumper = onCycle.find((frame) => typeof frame.schema['$ref'] === 'string') ?? top;
        return `${pointerOf.get(jumper.schema) ?? ''}/$ref`;
      }
      if (seen === undefined) {
        colour.set(child, 'grey');
        stack.push({ schema: child, children: next(child) });
      }
    }
  }
  return undefined;
}
