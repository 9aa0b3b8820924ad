import { useEffect, useState } from 'preact/hooks';
import type { DashboardSnapshot } from '../../../src/ui/dashboard-data.js';
import { GatewayRefusal } from '../api/gateway-fetch.js';
import { readDashboardEvents } from '../api/read-dashboard-events.js';
import { mergeUpdate } from './merge-update.js';

/** How the page's live connection to the gateway is doing. */
export type Connection =
  | { state: 'connecting' }
  | { state: 'live' }
  /** The tab is hidden: nothing is asked of the gateway until it shows again. */
  | { state: 'paused' }
  | { state: 'retrying'; message: string; inMs: number }
  /** 401 (no key, or a wrong one) or 403 (`code` says why): asking again would get the same answer. */
  | { state: 'refused'; status: number; code: string | undefined; message: string };

const MAX_RETRY_MS = 10_000;

/**
 * The dashboard's data, kept current by the gateway's event stream while the tab is visible:
 * hidden, the stream is closed (the gateway stops working for it); shown again, a new stream
 * starts with a fresh snapshot. A dropped connection is retried with a growing wait. `signIn`
 * counts the keys entered: each one connects again.
 */
export function useLiveDashboard(key: string | undefined, signIn = 0): { data: DashboardSnapshot | undefined; connection: Connection } {
  const [data, setData] = useState<DashboardSnapshot | undefined>(undefined);
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });

  useEffect(() => {
    let stopped = false;
    let controller: AbortController | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const retry = (message: string) => {
      if (stopped || document.visibilityState === 'hidden') return;
      const inMs = Math.min(1_000 * 2 ** failures, MAX_RETRY_MS);
      failures++;
      setConnection({ state: 'retrying', message, inMs });
      retryTimer = setTimeout(connect, inMs);
    };
    const connect = () => {
      if (stopped) return;
      if (document.visibilityState === 'hidden') {
        setConnection({ state: 'paused' });
        return;
      }
      const current = (controller = new AbortController());
      setConnection((previous) => (previous.state === 'live' ? previous : { state: 'connecting' }));
      readDashboardEvents(
        key,
        {
          snapshot(snapshot) {
            failures = 0;
            setData(snapshot);
            setConnection({ state: 'live' });
          },
          update(update) {
            setData((state) => (state ? mergeUpdate(state, update) : state));
          },
        },
        current.signal,
      )
        .then(() => {
          if (!current.signal.aborted) retry('The gateway ended the live updates.');
        })
        .catch((error: unknown) => {
          if (current.signal.aborted) return;
          if (error instanceof GatewayRefusal && (error.status === 401 || error.status === 403)) {
            setConnection({ state: 'refused', status: error.status, code: error.code, message: error.message });
            return;
          }
          retry(error instanceof Error ? error.message : String(error));
        });
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') {
        controller?.abort();
        clearTimeout(retryTimer);
        setConnection({ state: 'paused' });
      } else if (controller === undefined || controller.signal.aborted) {
        connect();
      }
    };

    document.addEventListener('visibilitychange', onVisibilityChange);
    connect();
    return () => {
      stopped = true;
      controller?.abort();
      clearTimeout(retryTimer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
    // A new sign-in connects again, even with the key that was just refused (it may work now).
  }, [key, signIn]);

  return { data, connection };
}
