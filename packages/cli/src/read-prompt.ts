import type { InputStream } from './cli-context.js';
import { UsageError } from './errors/usage-error.js';

/** Options of {@link readPrompt}. */
export interface ReadPromptOptions {
  /** The words given on the command line. */
  words: readonly string[];
  stdin: InputStream;
}

/**
 * The prompt: the command line's words joined by spaces, else everything piped on stdin (its
 * trailing newline dropped). A terminal on stdin with no words is a usage error rather than a
 * silent wait for input the user does not know is expected.
 */
export async function readPrompt({ words, stdin }: ReadPromptOptions): Promise<string> {
  if (words.length > 0) return nonEmpty(words.join(' '));
  if (stdin.isTTY) {
    throw new UsageError({ message: "no prompt: give it as an argument (switchboard chat 'Hello') or pipe it in (echo Hello | switchboard chat)." });
  }
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return nonEmpty(text + decoder.decode());
}

function nonEmpty(prompt: string): string {
  const trimmed = prompt.replace(/\s+$/, '');
  if (trimmed.trim() === '') throw new UsageError({ message: 'the prompt is empty.' });
  return trimmed;
}
