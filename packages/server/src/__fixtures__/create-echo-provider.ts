import { setTimeout } from 'node:timers/promises';
import { createMockProvider } from '@switchboard/testing';

/**
 * An in-memory vision provider serving `echo-1` that answers `echo-1 heard: <last user text> (<n> images)`
 * word by word, with token counts: a client test can predict every byte of the answer. Like any
 * real provider it takes a moment (2 ms) before its first word, so a first-chunk time is
 * measurable on the registry's millisecond clock.
 */
export function createEchoProvider() {
  return createMockProvider({
    id: 'echo-provider',
    models: ['echo-1'],
    visionModels: ['echo-1'],
    maxMediaItems: 4,
    defaultAnswer: async function* ({ model, messages, options: { media } }) {
      const last = messages.at(-1)!.content;
      const text = typeof last === 'string' ? last : last.map((part) => (part.type === 'text' ? part.text : '')).join('');
      await setTimeout(2);
      for (const word of `${model} heard: ${text} (${media.length} images)`.split(/(?= )/)) yield word;
      yield { type: 'usage', usage: { promptTokens: 3, completionTokens: 5 } };
    },
  });
}

/** What the dashboard records of any request the echo provider answered, besides route, time and stream. */
export const ECHO_ANSWERED_ROW = {
  model: 'echo-1',
  status: 200,
  provider: 'echo-provider',
  providerModel: 'echo-1',
  inputTokens: 3,
  outputTokens: 5,
  attempts: [{ provider: 'echo-provider', model: 'echo-1', attempt: 1, outcome: 'success' }],
};
