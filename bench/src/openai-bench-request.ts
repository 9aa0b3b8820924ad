import { type Agent, request } from 'undici';

/** The model every gateway benchmark asks the upstream for. */
export const BENCH_MODEL = 'echo-small';
/** Seventeen words: the emulator echoes them after `Echo from <model>: `, one word per event, so a streamed answer has 20 text chunks. */
const PROMPT = 'Hello from the gateway benchmark: a prompt of seventeen words, so the answer streams in twenty pieces.';
/** What the upstream (the emulator) answers, in 20 pieces when streaming. */
export const EXPECTED_ANSWER = `Echo from ${BENCH_MODEL}: ${PROMPT}`;

/** An API the gateway speaks, as the benchmark asks it: its path, body, first-text marker and the end of a complete stream. */
interface BenchApi {
  path: string;
  body(stream: boolean): string;
  headers: Readonly<Record<string, string>>;
  firstText: RegExp;
  streamEnd: string;
}

/** The benchmark's request in each API the gateway speaks: the same prompt, the same answer expected. */
export const BENCH_APIS = {
  chat: {
    path: '/chat/completions',
    body: (stream) => JSON.stringify({ model: BENCH_MODEL, messages: [{ role: 'user', content: PROMPT }], ...(stream ? { stream } : {}) }),
    headers: {},
    firstText: /"content":"[^"]/,
    streamEnd: 'data: [DONE]',
  },
  responses: {
    path: '/responses',
    body: (stream) => JSON.stringify({ model: BENCH_MODEL, input: PROMPT, ...(stream ? { stream } : {}) }),
    headers: {},
    firstText: /"type":"response\.output_text\.delta"/,
    streamEnd: 'event: response.completed',
  },
  messages: {
    path: '/messages',
    body: (stream) => JSON.stringify({ model: BENCH_MODEL, max_tokens: 256, messages: [{ role: 'user', content: PROMPT }], ...(stream ? { stream } : {}) }),
    headers: { 'anthropic-version': '2023-06-01' },
    firstText: /"type":"text_delta"/,
    streamEnd: 'event: message_stop',
  },
} as const satisfies Record<string, BenchApi>;

export type BenchApiName = keyof typeof BENCH_APIS;

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
  /** Which API to ask. @default 'chat' */
  api?: BenchApiName;
}

/**
 * Sends the benchmark's request (whole or streamed) in one of the gateway's APIs (chat
 * completions by default) with undici and checks the answer: a JSON body holding the expected
 * text, or an event stream ending as a complete one does in that API (`[DONE]`,
 * `response.completed`, `message_stop`). Rejects on any other answer, so a failing gateway cannot
 * look fast.
 */
export function createChatRequester({ baseUrl, stream, headers = {}, dispatcher, api = 'chat' }: ChatRequesterOptions): () => Promise<ChatTiming> {
  const { path, body, headers: apiHeaders, firstText, streamEnd } = BENCH_APIS[api];
  const url = `${baseUrl}${path}`;
  const options = {
    method: 'POST' as const,
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', ...apiHeaders, ...headers },
    body: body(stream),
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
    // The end marker may be followed by its event's data (a whole response object), so it is looked for as it passes.
    let ended = false;
    let all = '';
    for await (const chunk of body) {
      const text = (chunk as Buffer).toString('utf8');
      if (Number.isNaN(firstTextMs) && firstText.test(text)) firstTextMs = performance.now() - start;
      if (statusCode !== 200 && all.length < 300) all += text;
      const window = tail + text;
      if (window.includes(streamEnd)) ended = true;
      tail = window.slice(-64);
    }
    if (statusCode !== 200 || !ended) throw new Error(`HTTP ${statusCode}: the stream did not end with ${streamEnd}: ${(all || tail).slice(0, 300)}`);
    return { firstTextMs, totalMs: performance.now() - start };
  };
}
