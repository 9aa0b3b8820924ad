import { ConfigError } from '../errors/config-error.js';
import { looksSecret, rememberSecret } from './redact-secrets.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Options of {@link expandVariables}. */
export interface ExpandVariablesOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** For errors. */
  file: string;
}

/**
 * Replaces every `${NAME}` in the file's strings with the environment variable, which must be
 * set and not empty. `apiKey` values must be nothing but such a reference: a key written into a
 * file ends up in a repository. Values that look secret (by the key's or the variable's name:
 * `apiKey`, `Authorization`, `GROQ_API_KEY`) are remembered, so no message or output of the CLI
 * can show them.
 */
export function expandVariables<T>(value: T, { env, file }: ExpandVariablesOptions): T {
  return expand(value, '', undefined, { env, file }) as T;
}

function expand(value: unknown, path: string, key: string | undefined, options: ExpandVariablesOptions): unknown {
  if (typeof value === 'string') return expandString(value, path, key, options);
  if (Array.isArray(value)) return value.map((item, index) => expand(item, `${path}[${index}]`, undefined, options));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, expand(item, path === '' ? name : `${path}.${name}`, name, options)]));
  }
  return value;
}

function expandString(value: string, path: string, key: string | undefined, { env, file }: ExpandVariablesOptions): string {
  if (key === 'apiKey' && !WHOLE_VARIABLE.test(value)) {
    throw new ConfigError({
      file,
      path,
      message: `secrets are read from the environment only: write "\${NAME_OF_VARIABLE}" and set that variable (the value here is not shown).`,
    });
  }
  return value.replace(VARIABLE, (_, name: string) => {
    const found = env[name];
    if (found === undefined || found === '') {
      throw new ConfigError({ file, path, message: `the environment variable ${name} is not set (the file says \${${name}}).` });
    }
    if (looksSecret(name) || (key !== undefined && looksSecret(key))) rememberSecret(found);
    return found;
  });
}
