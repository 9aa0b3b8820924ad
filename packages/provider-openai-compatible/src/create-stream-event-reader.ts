import { type ChatChunk, NO_TOOL_CALLS, parseResponse } from './parse-response.js';
import type { ResponseContext } from './response-context.js';

/** Reads one `data:` payload of a stream into what it contributes. */
export type StreamEventReader = (data: string) => ChatChunk;

/** Stands for the text while a template is checked: any string would do, a distinctive one reads better in a debugger. */
const PROBE_TEXT = 'switchboard-template-probe';
const PROBE_LITERAL = JSON.stringify(PROBE_TEXT);
/** Templates learnt per stream at most: a server whose events never repeat stops costing a probe. */
const MAX_TEMPLATES = 3;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;

/** A text event of one stream with its text cut out: every other byte of the next one is expected to match. */
interface TextTemplate {
  before: string;
  after: string;
  id: string | undefined;
  model: string | undefined;
}

/**
 * Reads a stream's events exactly as `parseResponse(data, { field: 'delta' })` does, with a fast
 * path for the event every OpenAI-compatible server sends most: a piece of text, in an event that
 * repeats the stream's previous text event byte for byte except for the text (same id, model,
 * created, choice, no finish reason, no usage). The first such event is parsed in full and, with
 * its text cut out, kept as a template; a later event that is the template around one JSON string
 * is that string's text, read without parsing the rest or building its objects. Anything else
 * (a role, a tool call, a finish reason, usage, an error, other bytes, a string with a raw control
 * character) is parsed in full, errors included. The template is only kept once a probe proved
 * the cut is the content itself: the template around another string must parse as the same chunk
 * with that string as its text, so the fast path cannot read what a full parse would read
 * otherwise. One reader per stream.
 */
export function createStreamEventReader(context: ResponseContext): StreamEventReader {
  const options = { ...context, field: 'delta' } as const;
  let template: TextTemplate | undefined;
  let learnt = 0;
  return (data) => {
    if (template !== undefined) {
      const text = textInTemplate(data, template);
      if (text !== undefined) return { text, toolCalls: NO_TOOL_CALLS, finishReason: undefined, usage: undefined, id: template.id, model: template.model };
    }
    const chunk = parseResponse(data, options);
    if (learnt < MAX_TEMPLATES && chunk.text !== '' && chunk.toolCalls.length === 0 && chunk.finishReason === undefined && chunk.usage === undefined) {
      learnt++;
      template = templateOf(data, chunk, options) ?? template;
    }
    return chunk;
  };
}

/** The text event `data` with its text cut out, once a probe showed the cut is the content; undefined when it is not. */
function templateOf(data: string, chunk: ChatChunk, options: Parameters<typeof parseResponse>[1]): TextTemplate | undefined {
  // The text as the server most likely wrote it; a server escaping otherwise (`\u00e9` for `é`) gets no template.
  const literal = JSON.stringify(chunk.text);
  const at = data.lastIndexOf(literal);
  if (at < 0) return undefined;
  const before = data.slice(0, at);
  const after = data.slice(at + literal.length);
  let probe: ChatChunk;
  try {
    probe = parseResponse(before + PROBE_LITERAL + after, options);
  } catch {
    return undefined;
  }
  const same =
    probe.text === PROBE_TEXT &&
    probe.toolCalls.length === 0 &&
    probe.finishReason === undefined &&
    probe.usage === undefined &&
    probe.id === chunk.id &&
    probe.model === chunk.model;
  return same ? { before, after, id: chunk.id, model: chunk.model } : undefined;
}

/**
 * The text of `data` when it is the template around one JSON string literal, else undefined. A
 * string without escapes is its own text; one with escapes is read by `JSON.parse`, which also
 * rejects a bad escape (then the full parse words the error).
 */
function textInTemplate(data: string, { before, after }: TextTemplate): string | undefined {
  const start = before.length;
  // Slices compared with `===` rather than `startsWith`/`endsWith`: V8 compares those a character at a time, several times slower.
  if (data.length < start + 2 + after.length || data.charCodeAt(start) !== QUOTE || data.slice(0, start) !== before) return undefined;
  let escaped = false;
  for (let index = start + 1; index < data.length; index++) {
    const code = data.charCodeAt(index);
    if (code === QUOTE) {
      const end = index + 1;
      if (data.length - end !== after.length || data.slice(end) !== after) return undefined;
      if (!escaped) return data.slice(start + 1, index);
      try {
        return JSON.parse(data.slice(start, end)) as string;
      } catch {
        return undefined;
      }
    }
    if (code < FIRST_PRINTABLE) return undefined;
    if (code === BACKSLASH) {
      escaped = true;
      // The escaped character is never the closing quote; JSON.parse checks the escape itself.
      index++;
    }
  }
  return undefined;
}
