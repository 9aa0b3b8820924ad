// The two emulators side by side, for tests of what they share: each entry starts one and sends it
// a chat request the way its provider would.
import { startDynasparkEmulator } from '../../dynaspark/index.js';
import { startOpenAICompatibleEmulator } from '../../openai-compatible/index.js';
import type { Emulator } from '../emulator.js';
import type { FaultRule } from '../fault-rule.js';
import type { RecordedRequest } from '../request-log.js';

export type AnyEmulator = Emulator<FaultRule, RecordedRequest>;

export interface EmulatorUnderTest {
  name: string;
  start(options?: Record<string, unknown>): Promise<AnyEmulator>;
  /** A chat request whose answer echoes `prompt`. */
  chat(emulator: AnyEmulator, prompt?: string): Promise<Response>;
  /** The path `chat` posts to. */
  chatPath: string;
  /** What `url` adds to `origin`. */
  urlSuffix: string;
}

export const BOTH_EMULATORS: EmulatorUnderTest[] = [
  {
    name: 'Dynaspark',
    start: (options) => startDynasparkEmulator(options) as Promise<AnyEmulator>,
    chat: (emulator, prompt = 'Hi') =>
      fetch(`${emulator.url}/generate_response`, { method: 'POST', body: new URLSearchParams({ user_input: prompt, ai_model: 'gemini-1.5-flash' }) }),
    chatPath: '/generate_response',
    urlSuffix: '',
  },
  {
    name: 'OpenAI-compatible',
    start: (options) => startOpenAICompatibleEmulator(options) as Promise<AnyEmulator>,
    chat: (emulator, prompt = 'Hi') =>
      fetch(`${emulator.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'echo-small', messages: [{ role: 'user', content: prompt }] }),
      }),
    chatPath: '/v1/chat/completions',
    urlSuffix: '/v1',
  },
];

/**
 * Starts a fresh emulator before each test of the enclosing `describe`, hands it to `use`, and
 * closes it after the test.
 */
export function withFreshEmulator<E extends { close(): Promise<void> }>(start: () => Promise<E>, use: (emulator: E) => void): void {
  let current: E | undefined;
  beforeEach(async () => {
    current = await start();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

/** Polls until `check` returns true (for effects observed on the other side of a socket). */
export async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
