/**
 * The one request every client sends: the form gpt4free posts to Dynaspark, with its headers, so
 * every client does the same work on the wire as `generate('Hello')` through the registry.
 */
export const CHAT_PATH = '/generate_response';
export const MODEL = 'gemini-2.0-flash';
export const PROMPT = 'Hello';
export const FORM_BODY = new URLSearchParams({ user_input: PROMPT, ai_model: MODEL }).toString();
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const EXPECTED_ANSWER = `Echo from ${MODEL}: ${PROMPT}`;

const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** gpt4free's headers for a service at `origin` (the Dynaspark plugin sends the same). */
export function g4fHeaders(origin: string): Record<string, string> {
  return {
    accept: '*/*',
    'accept-language': 'en-US,en;q=0.9',
    origin,
    referer: `${origin}/`,
    'user-agent': USER_AGENT,
    'x-requested-with': 'XMLHttpRequest',
  };
}

/** Reads the answer out of the JSON body, as a hand-written client would; anything else is a failure. */
export function answerFrom(body: string): string {
  const parsed = JSON.parse(body) as { response?: unknown };
  if (typeof parsed.response !== 'string') throw new Error(`unexpected answer: ${body.slice(0, 200)}`);
  return parsed.response;
}

/** Checks a framework's answer; a wrong text counts as a failed request. */
export function checkAnswer(text: string): void {
  if (text !== EXPECTED_ANSWER) throw new Error(`unexpected answer text: ${JSON.stringify(text.slice(0, 200))}`);
}
