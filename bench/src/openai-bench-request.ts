import { type Agent, request } from 'undici';

/** The model every gateway benchmark asks the upstream for. */
export const BENCH_MODEL = 'echo-small';
const PROMPT = 'Hello from the gateway benchmark';
/** What the upstream (the emulator) answers, in pieces when streaming. */
export const EXPECTED_ANSWER = `Echo from ${BENCH_MODEL}: ${PROMPT}`;

const JSON_BODY = JSON.stringify({ model: BENCH_MODEL, messages: [{ role: 'user', content: PROMPT }] });
const STREAM_BODY = JSON.stringify({ model: BENCH_MODEL, messages: [{ role: 'user', content: PROMPT }], stream: true });
const FIRST_TEXT = /"content":"[^"]/;

/** What one request measured. */
export interface ChatTiming {
  /** Until the first text arrived (the whole answer for JSON), ms. */
  firstTextMs: number;
  totalMs: number;
}

/** Options of {@link createChatRequester}. */
export interface ChatRequesterOptions {
  /** Base URL ending in /v1 (the request goes to `${baseUrl}/chat/completions`). */
  baseUrl: string;
  stream: boolean;
  /** Extra headers (Portkey's routing headers). */
  headers?: Readonly<Record<string, string>>;
  dispatcher: Agent;
}

/**
 * Sends the benchmark's chat request (whole or streamed) with undici and checks the answer: a
 * JSON body holding the expected text, or an event stream ending in `[DONE]`. Rejects on any
 * other answer, so a failing gateway cannot look fast.
 */
export function createChatRequester({ baseUrl, stream, headers = {}, dispatcher }: ChatRequesterOptions): () => Promise<ChatTiming> {
  const url = `${baseUrl}/chat/completions`;
  const options = {
    method: 'POST' as const,
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', ...headers },
    body: stream ? STREAM_BODY : JSON_BODY,
  };
  return async () => {
    const start = performance.now();
    const { statusCode, body } = await request(url, options);
    if (!stream) {
      const text = await body.text();
      if (statusCode !== 200 || !text.includes(EXPECTED_ANSWER)) throw new Error(`HTTP ${statusCode}: ${text.slice(0, 300)}`);
      const totalMs = performance.now() - start;
      return { firstTextMs: totalMs, totalMs };
    }
    let firstTextMs = Number.NaN;
    let tail = '';
    let all = '';
    for await (const chunk of body) {
      const text = (chunk as Buffer).toString('utf8');
      if (Number.isNaN(firstTextMs) && FIRST_TEXT.test(text)) firstTextMs = performance.now() - start;
      if (statusCode !== 200 && all.length < 300) all += text;
      tail = (tail + text).slice(-64);
    }
    if (statusCode !== 200 || !tail.includes('data: [DONE]'))
      throw new Error(`HTTP ${statusCode}: the stream did not end with [DONE]: ${(all || tail).slice(0, 300)}`);
    return { firstTextMs, totalMs: performance.now() - start };
  };
}
