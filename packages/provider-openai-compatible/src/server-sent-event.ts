/** One event of a `text/event-stream` body. */
export interface ServerSentEvent {
  /** The `event:` field, when the server named the event (`error`); undefined for plain messages. */
  event: string | undefined;
  /** The `data:` lines joined with `\n`. */
  data: string;
}
