import type { AttemptRecord } from '@switchboard/core';
import type { GatewayWarning } from './gateway-warning.js';
import { headerValue } from './header-value.js';

/** What an answer says about how it was made. */
export interface AnswerProvenance {
  provider: string;
  /** The provider-side model that answered. */
  model: string;
  attempts: readonly AttemptRecord[];
  warnings: readonly GatewayWarning[];
}

/**
 * `x-switchboard-provider` and `-model` (who answered), `x-switchboard-attempts` (every attempt,
 * in order: `provider/model outcome[ error-kind]`, comma-separated) and, when there are any,
 * `x-switchboard-warnings`: each warning's code with its facts as parameters, comma-separated
 * (`unsupported-setting;setting=temperature;provider=dynaspark, ignored-parameter;param=user`);
 * the body has the same warnings with their messages.
 */
export function switchboardHeaders({ provider, model, attempts, warnings }: AnswerProvenance): Record<string, string> {
  const headers: Record<string, string> = {
    'x-switchboard-provider': headerValue(provider),
    'x-switchboard-model': headerValue(model),
    'x-switchboard-attempts': attemptsHeader(attempts),
  };
  if (warnings.length > 0) headers['x-switchboard-warnings'] = warningsHeader(warnings);
  return headers;
}

/** The warnings as one header value, in the shape of an HTTP structured-field list: `code;name=value, …`. */
export function warningsHeader(warnings: readonly GatewayWarning[]): string {
  let value = '';
  for (const { code, setting, param, provider } of warnings) {
    if (value !== '') value += ', ';
    value += code;
    if (setting !== undefined) value += `;setting=${setting}`;
    if (param !== undefined) value += `;param=${token(param)}`;
    if (provider !== undefined) value += `;provider=${provider}`;
  }
  return headerValue(value);
}

/** A client's field name as a header token: anything but letters, digits and `_-.` would break the list, so it is quoted. */
function token(name: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(name) ? name : JSON.stringify(name);
}

/** The attempts as one header value: `a/echo error rate-limit, b/echo success`. */
export function attemptsHeader(attempts: readonly AttemptRecord[]): string {
  let value = '';
  for (const attempt of attempts) {
    if (value !== '') value += ', ';
    value += `${attempt.provider}/${attempt.model} ${attempt.outcome}`;
    if (attempt.errorKind) value += ` ${attempt.errorKind}`;
  }
  return headerValue(value);
}
