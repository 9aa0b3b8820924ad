/** Header and query names whose values are credentials: `authorization`, `x-api-key`, `api_key`, `access_token`, `x-goog-api-key`… */
const CREDENTIAL_NAME = /auth|key|token|secret|password|passwd|credential|signature/i;
/** Shorter values are left alone: replacing `1` or `yes` everywhere would garble the text and hide nothing. */
const MIN_SECRET_LENGTH = 8;

/**
 * The credentials a request carries (header and query values under credential-like names, a
 * bearer token without its scheme), for taking them out of what the upstream answers. A service
 * that echoes the key it was sent ("Invalid API key: abc…") would otherwise put it in an error
 * message, its logs and a gateway client's answer, whatever the key's shape.
 */
export function requestSecrets(headers: Readonly<Record<string, string>>, query?: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  const add = (value: string | undefined) => {
    if (value === undefined) return;
    // `Bearer abc`, `Basic abc`: the token alone, so an echo keeps its scheme ("Bearer [redacted]") and one without it is caught too.
    const secret = /^[A-Za-z]+\s+(\S+)$/.exec(value.trim())?.[1] ?? value;
    if (secret.length >= MIN_SECRET_LENGTH && !secrets.includes(secret)) secrets.push(secret);
  };
  for (const [name, value] of Object.entries(headers)) if (CREDENTIAL_NAME.test(name)) add(value);
  for (const [name, value] of Object.entries(query ?? {})) if (CREDENTIAL_NAME.test(name)) add(value);
  // The longest first, so a secret that contains another is never left half replaced.
  return secrets.sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each secret replaced by `[redacted]`: one linear pass per secret. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join('[redacted]');
  return result;
}
