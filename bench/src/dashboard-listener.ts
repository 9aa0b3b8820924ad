/** A dashboard page's load on a gateway: its event stream, read until stopped. */
export interface DashboardListener {
  /** Events received so far. */
  readonly events: number;
  /** Stops listening; rejects if the stream failed before. */
  stop(): Promise<void>;
}

/**
 * Listens to `<gateway>/ui/api/events` as the dashboard page does (a snapshot, then an update a
 * second) and counts the events. The gateway has no key in the bench, so none is sent.
 */
export function listenToDashboard(gatewayUrl: string): DashboardListener {
  const controller = new AbortController();
  let events = 0;
  const reading = (async () => {
    const response = await fetch(`${gatewayUrl}/ui/api/events`, { signal: controller.signal });
    if (!response.ok) throw new Error(`the dashboard's events answered HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body!) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = pending.indexOf('\n\n')) !== -1) {
        events++;
        pending = pending.slice(end + 2);
      }
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    get events() {
      return events;
    },
    async stop() {
      controller.abort();
      await reading;
    },
  };
}
