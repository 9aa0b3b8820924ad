/**
 * A clause written to follow a colon ("set ACME_API_KEY, or …", as providers word their
 * `unconfigured.fix`) as a sentence of its own: capitalised, ending in a full stop.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}
