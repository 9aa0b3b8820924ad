type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Options for {@link sampleFromSchema}. */
export interface SampleFromSchemaOptions {
  /** What every string becomes (the prompt, so a test sees it travel into arguments and objects). */
  text: string;
}

/**
 * A deterministic value satisfying a JSON Schema, as far as the usual keywords go: `const` and the
 * first of `enum`, the first branch of `anyOf`/`oneOf`, every `allOf` part merged, local `$ref`s;
 * objects with their required properties only, arrays with one item (or `minItems`), strings the
 * given text (cut to `maxLength`, padded to `minLength`), numbers 1 (moved into their bounds),
 * booleans true, null.
 */
export function sampleFromSchema(schema: unknown, { text }: SampleFromSchemaOptions): unknown {
  const root = schema;
  const sample = (node: unknown, depth: number): unknown => {
    // A `true` schema (or a cycle of $refs) takes anything.
    if (!isSchema(node) || depth > 16) return text;
    if (typeof node.$ref === 'string') return sample(resolveRef(root, node.$ref), depth + 1);
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = node[key];
      if (Array.isArray(branches) && branches.length > 0) return sample(branches[0], depth + 1);
    }
    if (Array.isArray(node.allOf)) return sample(Object.assign({}, ...node.allOf.filter(isSchema), { ...node, allOf: undefined }), depth + 1);
    switch (typeOf(node)) {
      case 'object': {
        const properties = isSchema(node.properties) ? node.properties : {};
        const required = Array.isArray(node.required) ? node.required.filter((key): key is string => typeof key === 'string') : [];
        return Object.fromEntries(required.map((key) => [key, sample(properties[key], depth + 1)]));
      }
      case 'array': {
        const count = typeof node.minItems === 'number' ? node.minItems : node.maxItems === 0 ? 0 : 1;
        return Array.from({ length: count }, () => sample(node.items, depth + 1));
      }
      case 'integer':
      case 'number':
        return within(1, node);
      case 'boolean':
        return true;
      case 'null':
        return null;
      default: {
        const cut = typeof node.maxLength === 'number' ? text.slice(0, node.maxLength) : text;
        return typeof node.minLength === 'number' ? cut.padEnd(node.minLength, '.') : cut;
      }
    }
  };
  return sample(schema, 0);
}

/** The declared type (the first besides `null` when there are several), else the one the keywords imply. */
function typeOf(schema: Schema): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const declared = types.find((type) => typeof type === 'string' && type !== 'null') ?? types.find((type) => type === 'null');
  if (typeof declared === 'string') return declared;
  if (isSchema(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

/** `value` moved into the schema's bounds. */
function within(value: number, schema: Schema): number {
  let result = value;
  if (typeof schema.minimum === 'number') result = Math.max(result, schema.minimum);
  if (typeof schema.exclusiveMinimum === 'number') result = Math.max(result, schema.exclusiveMinimum + 1);
  if (typeof schema.maximum === 'number') result = Math.min(result, schema.maximum);
  if (typeof schema.exclusiveMaximum === 'number') result = Math.min(result, schema.exclusiveMaximum - 1);
  return schema.type === 'integer' ? Math.ceil(result) : result;
}

/** A local reference (`#/$defs/address`); anything else takes anything. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return true;
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    node = isSchema(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node ?? true;
}
