import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { DashboardSnapshot, DashboardUpdate } from '../../../src/ui/dashboard-data.js';
import { gatewayFetch } from './gateway-fetch.js';

/** What {@link readDashboardEvents} calls as events arrive. */
export interface DashboardEventHandlers {
  snapshot(snapshot: DashboardSnapshot): void;
  update(update: DashboardUpdate): void;
}

/**
 * Listens to the gateway's dashboard events (a snapshot, then an update a second) until the
 * stream ends or `signal` aborts. Read with fetch rather than EventSource, which cannot send the
 * Authorization header (and the key must not go in the URL).
 */
export async function readDashboardEvents(key: string | undefined, handlers: DashboardEventHandlers, signal: AbortSignal): Promise<void> {
  const response = await gatewayFetch('api/events', key, { signal, headers: { accept: 'text/event-stream' } });
  const events = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.event === 'snapshot') handlers.snapshot(JSON.parse(value.data) as DashboardSnapshot);
      else if (value.event === 'update') handlers.update(JSON.parse(value.data) as DashboardUpdate);
    }
  } finally {
    reader.releaseLock();
  }
}
