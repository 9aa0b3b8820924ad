import * as v from 'valibot';
import { ConfigError } from '../errors/config-error.js';
import { configSchema } from './config-schema.js';
import { issuePath } from './issue-path.js';
import type { SwitchboardConfig } from './switchboard-config.js';

/**
 * Checks the file's shape and returns it typed. Reports one problem, the one a person fixes first
 * and then runs again: a misspelt key before anything else, since it explains what follows
 * (`provders` is also why `providers` is missing).
 */
export function checkConfig(value: unknown, file: string): SwitchboardConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError({ file, path: '', message: 'expected a JSON object with a "providers" array.' });
  }
  const result = v.safeParse(configSchema, value);
  if (result.success) return result.output as SwitchboardConfig;
  const issue = result.issues.find((each) => each.expected === 'never') ?? result.issues[0];
  throw new ConfigError({ file, path: issuePath(issue.path), message: issue.message });
}
