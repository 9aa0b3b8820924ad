import { useEffect, useState } from 'preact/hooks';
import { forgetKey, storedKey, storeKey } from './api/gateway-key.js';
import { formatDuration } from './format.js';
import { type Connection, useLiveDashboard } from './state/use-live-dashboard.js';
import { ProvidersView } from './views/providers-view.js';
import { RequestsView } from './views/requests-view.js';
import { SignInView } from './views/sign-in-view.js';
import { TrafficView } from './views/traffic-view.js';
import { TryItView } from './views/try-it-view.js';

const VIEWS = [
  { id: 'providers', label: 'Providers' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'requests', label: 'Recent requests' },
  { id: 'try-it', label: 'Try it' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

/** The page: sign-in while the gateway refuses the key, else the dashboard with its four views. */
export function App() {
  const [key, setKey] = useState(storedKey());
  const [signIn, setSignIn] = useState(0);
  const [view, setView] = useState<ViewId>('providers');
  const { data, connection } = useLiveDashboard(key, signIn);
  // A wrong key (401), or a client key where the operator's is needed (403): another key may do.
  const askForKey = connection.state === 'refused' && (connection.status === 401 || connection.code === 'dashboard_operator_only');
  const refusedKey = askForKey && key !== undefined;
  useEffect(() => {
    if (refusedKey) forgetKey();
  }, [refusedKey]);

  if (connection.state === 'refused' && askForKey) {
    const problem =
      key === undefined
        ? 'This gateway needs its API key to show its dashboard.'
        : connection.status === 401
          ? `That key was refused: ${connection.message}`
          : `That key cannot open the dashboard: ${connection.message}`;
    return (
      <SignInView
        problem={problem}
        onKey={(entered) => {
          storeKey(entered);
          setKey(entered);
          setSignIn(signIn + 1);
        }}
      />
    );
  }
  if (connection.state === 'refused') {
    return (
      <main class="refused" data-view="refused">
        <h1>Switchboard gateway</h1>
        <p class="error">{connection.message}</p>
      </main>
    );
  }
  if (data === undefined) {
    return (
      <main class="loading" data-view="loading">
        <ConnectionBadge connection={connection} />
      </main>
    );
  }
  return (
    <div class="dashboard">
      <header>
        <h1>Switchboard gateway</h1>
        <ConnectionBadge connection={connection} />
        <span class="muted small">
          up {formatDuration(data.at - data.gateway.startedAt)} · {data.gateway.inFlight} in flight
        </span>
        {key !== undefined && (
          <button
            type="button"
            class="link"
            onClick={() => {
              forgetKey();
              location.reload();
            }}
          >
            Forget the key
          </button>
        )}
      </header>
      <nav>
        {VIEWS.map(({ id, label }) => (
          <button key={id} type="button" class={view === id ? 'tab current' : 'tab'} aria-pressed={view === id} data-tab={id} onClick={() => setView(id)}>
            {label}
          </button>
        ))}
      </nav>
      {view === 'providers' && <ProvidersView data={data} />}
      {view === 'traffic' && <TrafficView data={data} />}
      {view === 'requests' && <RequestsView data={data} />}
      {view === 'try-it' && <TryItView data={data} gatewayKey={key} />}
    </div>
  );
}

function ConnectionBadge({ connection }: { connection: Connection }) {
  const text =
    connection.state === 'live'
      ? 'live'
      : connection.state === 'paused'
        ? 'paused while the tab is hidden'
        : connection.state === 'retrying'
          ? `reconnecting in ${Math.round(connection.inMs / 1000)} s (${connection.message})`
          : connection.state === 'connecting'
            ? 'connecting…'
            : connection.message;
  return (
    <span class={`connection connection-${connection.state}`} data-connection={connection.state}>
      {text}
    </span>
  );
}
