import { createServer, type RequestListener } from 'node:http';
import type { Logger, ProviderChunk } from '@switchboard/core/provider';
import { createOpenAICompatible } from '../create-openai-compatible.js';
import type { OpenAICompatibleProvider } from '../openai-compatible-provider.js';
import type { OpenAICompatibleSettings } from '../openai-compatible-settings.js';

/** One call on a {@link RecordingLogger}. */
export interface LogEntry {
  level: string;
  bindings: Record<string, unknown>;
  object: unknown;
  message: unknown;
}

/**
 * A logger that keeps what it is given, for assertions on what reaches the logs (pino is core's
 * dependency, not ours). Only the methods providers use are implemented.
 */
export function createRecordingLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const log = (level: string) => (object: unknown, message?: unknown) => {
    entries.push({ level, bindings, object, message });
  };
  const logger = {
    entries,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more: Record<string, unknown>) => createRecordingLogger(entries, { ...bindings, ...more }),
  };
  return logger;
}

/** The provider as a registry builds the registered one (`providerOptions['openai-compatible']`), with no environment. */
export function registeredWith(
  settings: OpenAICompatibleSettings,
  { env = {}, logger = createRecordingLogger() }: { env?: Record<string, string>; logger?: Logger } = {},
): OpenAICompatibleProvider {
  return createOpenAICompatible(settings, { env, logger, registeredAs: 'openai-compatible' });
}

/** Call options as the registry passes them, with overrides. */
export { createCallOptions as callOptions } from '@switchboard/core/testing';

/** Everything a generator yields, in order. */
export async function collect(iterable: AsyncIterable<ProviderChunk>): Promise<ProviderChunk[]> {
  const chunks: ProviderChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

/** The text of collected chunks. */
export function textOf(chunks: readonly ProviderChunk[]): string {
  return chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.type === 'text' ? chunk.text : '')).join('');
}

/** Polls until `check` returns true (for effects observed on the other side of a socket). */
export async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A one-handler HTTP server on loopback, for answers no emulator gives (a 2xx HTML page, a compressed stream). */
export async function serve(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
