import { EventSourceParserStream } from 'eventsource-parser/stream';
import { GatewayRefusal, gatewayFetch } from './gateway-fetch.js';

/** Who answered a streamed chat, from the gateway's `x-switchboard-*` headers. */
export interface ChatProvenance {
  provider: string;
  model: string;
  /** `provider/model outcome[ error-kind]`, comma-separated. */
  attempts: string;
}

/**
 * Streams an answer from the gateway's own `POST /v1/chat/completions`, exactly as any OpenAI
 * client would, calling `onText` with each piece. Resolves once the stream says `[DONE]`; a
 * failure (before or during the stream) rejects with the gateway's message.
 */
export async function streamChat(options: {
  key: string | undefined;
  model: string;
  prompt: string;
  signal: AbortSignal;
  onStart(provenance: ChatProvenance): void;
  onText(text: string): void;
}): Promise<void> {
  const response = await gatewayFetch('../v1/chat/completions', options.key, {
    method: 'POST',
    signal: options.signal,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: options.model, stream: true, messages: [{ role: 'user', content: options.prompt }] }),
  });
  options.onStart({
    provider: response.headers.get('x-switchboard-provider') ?? '?',
    model: response.headers.get('x-switchboard-model') ?? '?',
    attempts: response.headers.get('x-switchboard-attempts') ?? '',
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new GatewayRefusal(502, 'stream_interrupted', 'The answer stopped before it was complete.');
      if (value.data === '[DONE]') return;
      const chunk = JSON.parse(value.data) as { choices?: { delta?: { content?: string | null } }[]; error?: { message?: string; code?: string } };
      if (chunk.error) throw new GatewayRefusal(502, chunk.error.code, chunk.error.message ?? 'The stream failed.');
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) options.onText(text);
    }
  } finally {
    reader.releaseLock();
  }
}
