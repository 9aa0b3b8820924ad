import { AllProvidersFailedError, ModelNotFoundError, RateLimitError, type Registry } from '@switchboard/core';

/** What the app shows for one question. */
export interface Answer {
  /** The answer, or what to tell the user instead. */
  text: string;
  /** Who answered (`dynaspark/gemini-2.0-flash`), when someone did. */
  answeredBy?: string;
  /** How many attempts it took, retries included. */
  attempts: number;
}

/** Options of {@link ask}. */
export interface AskOptions {
  /** A model name or alias. @default 'assistant' (the app's alias) */
  model?: string;
  /** Receives the answer as it streams. */
  onText?: (text: string) => void;
  signal?: AbortSignal;
}

/**
 * Asks one question, streaming the answer, and turns the failures a user can act on into a
 * sentence: the app's whole use of Switchboard is `registry.create(name).stream(prompt)` and its
 * typed errors.
 */
export async function ask(registry: Registry, question: string, { model = 'assistant', onText, signal }: AskOptions = {}): Promise<Answer> {
  let stream: ReturnType<ReturnType<Registry['create']>['stream']> | undefined;
  try {
    stream = registry.create(model).stream(
      [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: question },
      ],
      signal ? { signal } : {},
    );
    let text = '';
    for await (const part of stream) {
      if (part.type !== 'text') continue;
      text += part.text;
      onText?.(part.text);
    }
    return { text, answeredBy: `${stream.provider}/${stream.model}`, attempts: stream.attempts.length };
  } catch (error) {
    return { text: explain(error), attempts: stream?.attempts.length ?? 0 };
  }
}

function explain(error: unknown): string {
  if (ModelNotFoundError.isInstance(error))
    return `No model is called '${error.modelId}'${error.closestModels.length ? `; did you mean '${error.closestModels[0]}'?` : '.'}`;
  const last = AllProvidersFailedError.isInstance(error) ? error.lastError : error;
  if (RateLimitError.isInstance(last))
    return `Every provider is busy; try again${last.retryAfterMs !== undefined ? ` in ${Math.ceil(last.retryAfterMs / 1000)} s` : ' later'}.`;
  throw error;
}
