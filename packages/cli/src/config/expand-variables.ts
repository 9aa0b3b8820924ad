import { ConfigError } from '../errors/config-error.js';
import { looksSecret, rememberSecret } from './redact-secrets.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
/** A client key's secret (`server.keys[i].key`): like every `apiKey`, only as `${NAME}`. */
const CLIENT_KEY = /^server\.keys\[\d+\]\.key$/;

/** Options of {@link expandVariables}. */
export interface ExpandVariablesOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** For errors. */
  file: string;
  /**
   * Top-level sections the command does not use (`server` for all but `serve`): their variables
   * are left as written, so a variable only the gateway needs cannot stop `models`. @default []
   */
  skip?: readonly string[];
}

/** A `${NAME}` whose variable is not set, and where the file says it. */
interface MissingVariable {
  name: string;
  path: string;
}

/**
 * Replaces every `${NAME}` in the file's strings with the environment variable, which must be
 * set and not empty; every variable missing is reported at once, each with its place. `apiKey`
 * values (and client keys' `key`) must be nothing but such a reference, in every section: a key
 * written into a file ends up in a repository. Values that look secret (by the key's or the variable's name: `apiKey`,
 * `Authorization`, `GROQ_API_KEY`) are remembered, so no message or output of the CLI can show them.
 */
export function expandVariables<T extends object>(config: T, { env, file, skip = [] }: ExpandVariablesOptions): T {
  const missing: MissingVariable[] = [];
  const context = { env, file, missing };
  const expanded = Object.fromEntries(
    Object.entries(config).map(([section, value]) => [section, expand(value, section, section, { ...context, resolve: !skip.includes(section) })]),
  ) as T;
  if (missing.length === 1) {
    const [{ name, path }] = missing as [MissingVariable];
    throw new ConfigError({ file, path, message: `the environment variable ${name} is not set (the file says \${${name}}).` });
  }
  if (missing.length > 1) {
    throw new ConfigError({
      file,
      path: '',
      message: `${missing.length} environment variables are not set: ${missing.map(({ name, path }) => `${name} (${path})`).join(', ')}.`,
    });
  }
  return expanded;
}

interface ExpandContext {
  env: Readonly<Record<string, string | undefined>>;
  file: string;
  missing: MissingVariable[];
  /** False in a skipped section: only the rule on secrets applies. */
  resolve: boolean;
}

function expand(value: unknown, path: string, key: string | undefined, context: ExpandContext): unknown {
  if (typeof value === 'string') return expandString(value, path, key, context);
  if (Array.isArray(value)) return value.map((item, index) => expand(item, `${path}[${index}]`, undefined, context));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, expand(item, `${path}.${name}`, name, context)]));
  }
  return value;
}

function expandString(value: string, path: string, key: string | undefined, { env, file, missing, resolve }: ExpandContext): string {
  if ((key === 'apiKey' || (key === 'key' && CLIENT_KEY.test(path))) && !WHOLE_VARIABLE.test(value)) {
    throw new ConfigError({
      file,
      path,
      message: `secrets are read from the environment only: write "\${NAME_OF_VARIABLE}" and set that variable (the value here is not shown).`,
    });
  }
  if (!resolve) return value;
  return value.replace(VARIABLE, (reference, name: string) => {
    const found = env[name];
    if (found === undefined || found === '') {
      missing.push({ name, path });
      return reference;
    }
    if (looksSecret(name) || (key !== undefined && looksSecret(key))) rememberSecret(found);
    return found;
  });
}
