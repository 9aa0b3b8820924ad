/**
 * What is taken out of error text before it reaches a client, in order: each rule's pattern and
 * what it leaves instead. Upstream services echo what they were sent (a key, a bearer token, the
 * URL they were called at) and name their own internals (a host, an address and port) in their
 * errors; none of it is the client's business. Every pattern runs in time linear in the text:
 * repetitions are bounded, or start only where a run of their characters starts (the
 * look-behinds), so no run is scanned twice; and no text longer than {@link MAX_LENGTH} is read.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  // Any URL: its host, port, credentials, path and query are the gateway's network, not the client's.
  [/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>`]*[^\s"'<>`.,:;)!?]/gi, '[redacted url]'],
  // `Authorization: Bearer …`, `Basic …`, and the bare scheme followed by a token.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=:-]+/gi, '$1 [redacted]'],
  // `x-api-key: …`, `api_key=…`, `"apiKey": "…"`, `token=…`, `password: …` and the like.
  [
    /\b(x-api-key|api[_-]?key|apikey|x-goog-api-key|access[_-]?token|refresh[_-]?token|token|secret|client[_-]?secret|password|passwd)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    '$1$2[redacted]',
  ],
  // Keys by their well-known shapes: OpenAI and compatible (`sk-…`, `sk-proj-…`, `sk-ant-…`), Groq,
  // Google, xAI, Hugging Face, GitHub, Replicate, Perplexity, AWS access keys, Slack; then JWTs.
  [
    /\b(sk-[A-Za-z0-9_-]{8,}|gsk_[A-Za-z0-9]{8,}|AIza[0-9A-Za-z_-]{20,}|xai-[A-Za-z0-9_-]{8,}|hf_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{8,}|github_pat_[A-Za-z0-9_]{8,}|r8_[A-Za-z0-9]{8,}|pplx-[A-Za-z0-9]{8,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{8,})/g,
    '[redacted key]',
  ],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted token]'],
  // IPv4 addresses, with their port if any; bracketed IPv6 addresses with a port; bare IPv6 addresses.
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '[redacted address]'],
  [/\[[0-9A-Fa-f:.]{2,45}\](?::\d{1,5})?/g, '[redacted address]'],
  [/(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])|(?<![\w:])[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:]{0,38}(?![\w:])/g, '[redacted address]'],
  // A host name with a port (`redis.internal:6379`, `localhost:8080`).
  [/(?<![A-Za-z0-9.-])(?=[A-Za-z0-9.-]*[A-Za-z])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*:\d{2,5}\b/g, '[redacted host]'],
  // Host names that only make sense inside a network, without a port.
  [
    /(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)*(?:localhost|[A-Za-z0-9-]+\.(?:internal|local|localdomain|lan|corp|home|intranet|private|cluster\.local))\b/gi,
    '[redacted host]',
  ],
];

/** Longest error text a client gets (longer is cut): a message is a sentence or two, never a page. */
const MAX_LENGTH = 4096;

/**
 * `text` as a client may see it: URLs, keys and tokens in every common shape, addresses, ports
 * and internal host names replaced by `[redacted …]`, the rest (statuses, the upstream's own
 * explanation) kept. Applied to every error message the gateway answers with (the one place is
 * `openAIErrorFrom`), so it covers upstream text relayed in a body, an attempt list or a
 * stream's error event alike. The gateway's logs keep addresses and hosts: they are the operator's.
 */
export function redactSecrets(text: string): string {
  let result = text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result;
}
