import type { ServerSentEvent } from './server-sent-event.js';

/** An incremental `text/event-stream` parser: feed it text as it arrives, get complete events back. */
export interface SseParser {
  /** Adds decoded text (any split: mid-line, mid-CRLF) and returns the events it completed. */
  push(text: string): ServerSentEvent[];
  /**
   * Ends the stream and returns what is left. Unlike the browser EventSource, a last event without
   * its closing blank line is delivered: some servers end the body right after `data: [DONE]`.
   */
  end(): ServerSentEvent[];
}

/**
 * Creates a parser following the WHATWG event-stream rules that matter for chat APIs: lines end
 * with LF, CRLF or CR; `:` lines are comments (keep-alives); `data:` lines accumulate; a blank line
 * dispatches; one space after the colon is dropped. `id` and `retry` are ignored (no reconnection).
 * Pure and synchronous, so every split can be tested without a server.
 */
export function createSseParser(): SseParser {
  let buffer = '';
  // A chunk that ends in CR may be the first half of a CRLF; the LF that follows is not a new line.
  let skipLeadingLf = false;
  let event: string | undefined;
  let data: string[] = [];

  const line = (text: string, out: ServerSentEvent[]): void => {
    if (text === '') {
      if (data.length > 0) out.push({ event, data: data.join('\n') });
      event = undefined;
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  };

  return {
    push(text) {
      const out: ServerSentEvent[] = [];
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (;;) {
        const cr = buffer.indexOf('\r', start);
        const lf = buffer.indexOf('\n', start);
        if (cr === -1 && lf === -1) break;
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        line(buffer.slice(start, end), out);
        if (buffer[end] === '\r') {
          if (end + 1 === buffer.length) {
            skipLeadingLf = true;
            start = end + 1;
            break;
          }
          start = buffer[end + 1] === '\n' ? end + 2 : end + 1;
        } else {
          start = end + 1;
        }
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      const out: ServerSentEvent[] = [];
      if (buffer !== '') line(buffer, out);
      buffer = '';
      line('', out);
      return out;
    },
  };
}
