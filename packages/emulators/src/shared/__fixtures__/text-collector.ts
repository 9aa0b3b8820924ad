import type { TextSink } from '../emulator-cli.js';

/** A stdout/stderr stand-in that keeps what the CLI writes. */
export function textCollector(): TextSink & { text: () => string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

/** Resolves once the collector holds a whole line (the CLI's "listening on" line). */
export async function firstLine(sink: { text: () => string }): Promise<string> {
  while (!sink.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
  return sink.text();
}
