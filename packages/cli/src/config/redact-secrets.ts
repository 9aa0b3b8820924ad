// What this process has read as a secret. Process state on purpose: one CLI run is one process,
// and every place that prints (errors included) must be able to hide them without being handed
// the configuration. Kept on globalThis, not in the module: the build gives each file the CLI
// loads (main, run-cli, commands) its own copy of the modules it uses (scripts/bundle-dist.mjs
// --layer), and the copy that remembers a secret is not the one that prints.
const SECRETS = Symbol.for('@switchboard/cli:secrets');
const secrets: Set<string> = ((globalThis as { [SECRETS]?: Set<string> })[SECRETS] ??= new Set());
// Core's HTTP client does the same for a request's own credentials (`http/request-secrets.ts`);
// this one stays the CLI's own because `--help` and `--version` must print without loading core.

const SECRET_NAME = /key|token|secret|password|authorization/i;

/** Whether a variable or setting name says it holds a secret (`GROQ_API_KEY`, `apiKey`, `Authorization`). */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Remembers a value to hide. Very short values are not worth hiding and would garble messages. */
export function rememberSecret(value: string): void {
  if (value.length >= 4) secrets.add(value);
}

/** Remembers the values of environment variables whose names say they hold a secret (`GROQ_API_KEY`). */
export function rememberEnvironmentSecrets(env: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && looksSecret(name)) rememberSecret(value);
  }
}

/** `text` with every remembered secret replaced by `***`, longest first (one may contain another). */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join('***');
  return result;
}
