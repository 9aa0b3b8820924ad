import picocolors from '../picocolors.js';
import type { OutputStream } from '../cli-context.js';
import { shouldUseColor } from './should-use-color.js';

/** The few styles the CLI uses; each is the identity when the stream gets no colour. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Styles for one stream: stdout and stderr decide separately (`switchboard models | less` keeps colour on stderr). */
export function createStyles(stream: Pick<OutputStream, 'isTTY'>, env: Readonly<Record<string, string | undefined>>): Styles {
  const { bold, dim, red, green, yellow, cyan } = picocolors.createColors(shouldUseColor(stream, env));
  return { bold, dim, red, green, yellow, cyan };
}
