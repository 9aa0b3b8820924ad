import type { CallSettings } from '@switchboard/core';
import { OPENAI_SETTING_FIELDS, type OpenAISettingField } from '@switchboard/core/shared';
import { GatewayError } from '../errors/gateway-error.js';

/** The chat-completion fields that are standard call settings, with the setting each becomes. */
export const SETTING_FIELDS = OPENAI_SETTING_FIELDS;

/** The call settings of a request, and where each came from (`maxOutputTokens` ← `max_completion_tokens`), for errors. */
export interface RequestSettings {
  settings: CallSettings;
  /** The registry's argument for each setting (`options.maxOutputTokens`) → the request field it came from. */
  params: Record<string, string>;
}

/**
 * OpenAI's sampling fields as the registry's standard call settings, which every provider gets the
 * same way (or warns it cannot honour). Values go as they came: the registry checks their types
 * and ranges before anything is sent, and its errors are answered under the field's own name.
 * `stop` may be one string (a list of one); `max_tokens` and `max_completion_tokens` are the same
 * setting, so a request may give one of them. Fields sent as `null` mean "the default" in OpenAI's
 * API and are left out.
 */
export function readCallSettings(fields: Readonly<Record<string, unknown>>): RequestSettings | undefined {
  let read: RequestSettings | undefined;
  for (const field in SETTING_FIELDS) {
    const value = fields[field];
    if (value === null || value === undefined) continue;
    const setting = SETTING_FIELDS[field as OpenAISettingField];
    read ??= { settings: {}, params: {} };
    if (read.settings[setting] !== undefined) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_value',
        param: field,
        message: `Invalid '${field}': 'max_tokens' and 'max_completion_tokens' set the same limit; give one of them.`,
      });
    }
    (read.settings as Record<string, unknown>)[setting] = field === 'stop' && typeof value === 'string' ? [value] : value;
    read.params[`options.${setting}`] = field;
  }
  return read;
}
