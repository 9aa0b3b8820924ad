/**
 * A Redis URL as it may be shown: the password replaced by `***` (a username stays: it says which
 * account), nothing else changed. A string that is no URL is shown as `(not a URL)`, since it may
 * hold a password where a parser would not find it.
 */
export function describeLocation(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
