import { checkCallBudget, InvalidArgumentError, type Registry } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import { type ClientKey, clientBudgetName, type ResolvedClientKey } from './client-key.js';

const KEY_FIELDS = ['name', 'key', 'models', 'limits'];

/**
 * Checks `options.keys` before the gateway starts: each a `{ name, key, models?, limits? }`, names
 * and keys unique (and no key equal to `apiKey`), every model one the registry serves, limits as a
 * budget takes them. Errors name the entry and field, never a key's value.
 */
export function resolveClientKeys(keys: unknown, { registry, apiKey }: { registry: Registry; apiKey: string | undefined }): Map<string, ResolvedClientKey> {
  const fail = (argument: string, message: string) => new InvalidArgumentError({ argument: `options.${argument}`, message });
  const resolved = new Map<string, ResolvedClientKey>();
  if (keys === undefined) return resolved;
  if (!Array.isArray(keys)) throw fail('keys', `expected an array of { name, key, models?, limits? }, got ${describeValue(keys)}.`);
  const names = new Set<string>();
  keys.forEach((entry: ClientKey, index) => {
    const at = `keys[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw fail(at, 'expected { name, key, models?, limits? }.');
    for (const field of Object.keys(entry)) if (!KEY_FIELDS.includes(field)) throw fail(`${at}.${field}`, `unknown field; a key has ${KEY_FIELDS.join(', ')}.`);
    if (typeof entry.name !== 'string' || !isPlainName(entry.name))
      throw fail(`${at}.name`, `expected a name of 1 to 64 characters without spaces or control characters, got ${describeValue(entry.name)}.`);
    if (names.has(entry.name)) throw fail(`${at}.name`, `'${entry.name}' names two keys; each key needs a name of its own.`);
    names.add(entry.name);
    // The value itself is never shown: it is a secret.
    if (typeof entry.key !== 'string' || entry.key.trim() === '' || /[\r\n]/.test(entry.key))
      throw fail(`${at}.key`, `expected the key as a non-empty one-line string (key '${entry.name}').`);
    if (resolved.has(entry.key) || entry.key === apiKey)
      throw fail(`${at}.key`, `key '${entry.name}' has the same value as another key (or apiKey); every key must differ.`);
    let models: Set<string> | undefined;
    if (entry.models !== undefined) {
      if (!Array.isArray(entry.models) || entry.models.some((model) => typeof model !== 'string'))
        throw fail(`${at}.models`, `expected an array of model names, got ${describeValue(entry.models)}.`);
      for (const [position, model] of entry.models.entries()) {
        try {
          registry.create(model);
        } catch (error) {
          throw fail(`${at}.models[${position}]`, `${(error as Error).message.split('\n')[0]}`);
        }
      }
      models = new Set(entry.models);
    }
    const budget =
      entry.limits === undefined ? undefined : { ...checkCallBudget({ name: clientBudgetName(entry.name), ...entry.limits }, `options.${at}.limits`) };
    resolved.set(entry.key, { name: entry.name, models, budget });
  });
  return resolved;
}

/** 1 to 64 characters, none of them a space or a control character: a name that fits one log field and one header. */
function isPlainName(name: string): boolean {
  return name.length >= 1 && name.length <= 64 && [...name].every((character) => character.codePointAt(0)! > 0x20 && character !== '\u007f');
}
