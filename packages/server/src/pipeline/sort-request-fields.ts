import { type GatewayWarning, ignoredFieldWarning, unknownFieldsWarning } from '../chat/gateway-warning.js';
import type { CallSettings } from '@switchboard/core';
import { isSet, unsupportedField } from './read-fields.js';

/** How an API's reader treats the top-level fields of a request body. */
export interface FieldPolicy {
  /** Fields the reader reads itself. */
  read: ReadonlySet<string>;
  /** Fields that would change what the answer is, which no provider can do, and why: a 400 naming them. */
  refused: Readonly<Record<string, string>>;
  /** Fields accepted and passed to no provider because they change nothing in the answer, and why: a warning each. */
  ignored: Readonly<Record<string, string>>;
  /** The API's name, for the warning about fields it does not know. */
  api: string;
}

/**
 * One pass over a body's fields (those set to `null` mean "the default" and are skipped): a field
 * the policy refuses throws its 400; the others it does not read become warnings, one per known
 * ignored field and one for all unknown ones (a body may have thousands; a header must stay short).
 */
export function sortRequestFields(body: Readonly<Record<string, unknown>>, policy: FieldPolicy): GatewayWarning[] {
  const warnings: GatewayWarning[] = [];
  const unknown: string[] = [];
  for (const key in body) {
    if (policy.read.has(key) || !isSet(body[key])) continue;
    if (Object.hasOwn(policy.refused, key)) throw unsupportedField(key, policy.refused[key]!);
    if (Object.hasOwn(policy.ignored, key)) warnings.push(ignoredFieldWarning(key, policy.ignored[key]!));
    else unknown.push(key);
  }
  if (unknown.length > 0) warnings.push(unknownFieldsWarning(unknown, policy.api));
  return warnings;
}

/** A request's standard call settings, and the field each came from (for errors), read by a table of field → setting. */
export function readSettingFields(
  body: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, keyof CallSettings>>,
): { settings: CallSettings | undefined; params: Record<string, string> | undefined } {
  let settings: Record<string, unknown> | undefined;
  let params: Record<string, string> | undefined;
  for (const field in fields) {
    const value = body[field];
    if (!isSet(value)) continue;
    const setting = fields[field]!;
    (settings ??= {})[setting] = value;
    (params ??= {})[`options.${setting}`] = field;
  }
  return { settings: settings as CallSettings | undefined, params };
}
