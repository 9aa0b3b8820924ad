import { startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { describeProviderConformance, type WireAnswer } from '@switchboard/testing/conformance';
import { createOpenAICompatible } from '../src/index.js';

const MODELS = ['echo-small', 'echo-large'];

/** An OpenAI chat completion carrying `text`: server-sent events when the request streams, else one JSON object. */
function chatCompletion(text: string, streamed: boolean): WireAnswer {
  const choice = { index: 0, finish_reason: 'stop' };
  if (!streamed)
    return { body: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ ...choice, message: { role: 'assistant', content: text } }] }) };
  const event = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return {
    headers: { 'content-type': 'text/event-stream' },
    body: [
      event({ role: 'assistant', content: '' }, null),
      ...text.split(/(?<= )/).map((word) => event({ content: word }, null)),
      event({}, 'stop'),
      'data: [DONE]\n\n',
    ],
  };
}

describeProviderConformance({
  name: 'OpenAI-compatible',
  create: ({ baseUrl }) => createOpenAICompatible({ baseUrl, models: MODELS }, { env: {} }),
  answer: (text, request) => chatCompletion(text, (JSON.parse(request.body) as { stream?: boolean }).stream === true),
  emulator: async () => {
    const emulator = await startOpenAICompatibleEmulator({ models: MODELS });
    return { url: emulator.url, injectFault: (fault) => emulator.setFaults([{ fault, times: 1 }]), close: () => emulator.close() };
  },
});
