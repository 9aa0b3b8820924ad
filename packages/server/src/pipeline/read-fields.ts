import { GatewayError } from '../errors/gateway-error.js';

/** A 400 naming the request field at fault. */
export const invalidField = (param: string | null, code: string, message: string) =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code, param, message });

/** A JSON value's kind, as error messages name it. */
export const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A plain JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field the client set: present and not null (OpenAI's APIs read `null` as "the default"). */
export const isSet = (value: unknown) => value !== undefined && value !== null;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * The `model` field, checked the same way on every route: a non-blank string without leading or
 * trailing whitespace or control characters. No served name has those; refused here, such names
 * never reach the registry (whose model cache would otherwise keep one entry per spelling).
 */
export function readModelName(model: unknown): string {
  if (!isSet(model)) throw invalidField('model', 'missing_required_parameter', "Missing required parameter: 'model'.");
  if (typeof model !== 'string' || model.trim() === '')
    throw invalidField('model', 'invalid_type', `Invalid 'model': expected a model name string, got ${typeOf(model)}.`);
  if (model !== model.trim() || CONTROL_CHARACTER.test(model))
    throw invalidField(
      'model',
      'invalid_value',
      "Invalid 'model': a model name has no leading or trailing whitespace and no control characters. GET /v1/models lists them.",
    );
  return model;
}

/** An optional boolean field. */
export function readFlag(fields: Readonly<Record<string, unknown>>, name: string): boolean | undefined {
  const value = fields[name];
  if (!isSet(value)) return undefined;
  if (typeof value !== 'boolean') throw invalidField(name, 'invalid_type', `Invalid '${name}': expected a boolean, got ${typeOf(value)}.`);
  return value;
}

/** A required string field at `param`. */
export function readString(value: unknown, param: string): string {
  if (typeof value !== 'string')
    throw invalidField(param, isSet(value) ? 'invalid_type' : 'missing_required_parameter', `Invalid '${param}': expected a string, got ${typeOf(value)}.`);
  return value;
}

/**
 * Refuses a field the gateway cannot honour, naming it and why: a request asking for something
 * no provider here does (a built-in tool, reasoning effort, a stored prompt) would otherwise get
 * an answer made without it.
 */
export function unsupportedField(param: string, why: string): GatewayError {
  return invalidField(param, 'unsupported_parameter', `'${param}' is not supported by this gateway: ${why}`);
}
