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
 * `x-switchboard-warnings` (their codes).
 */
export function switchboardHeaders({ provider, model, attempts, warnings }: AnswerProvenance): Record<string, string> {
  const headers: Record<string, string> = {
    'x-switchboard-provider': headerValue(provider),
    'x-switchboard-model': headerValue(model),
    'x-switchboard-attempts': attemptsHeader(attempts),
  };
  if (warnings.length > 0) headers['x-switchboard-warnings'] = headerValue(warnings.map((warning) => warning.code).join(', '));
  return headers;
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
