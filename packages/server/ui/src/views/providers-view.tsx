import type { DashboardSnapshot, ProviderLimits, ProviderRow } from '../../../src/ui/dashboard-data.js';
import { formatClock, formatMs, formatPercent, formatRelative } from '../format.js';

const LIMIT_NAMES: (keyof ProviderLimits)[] = ['rpm', 'tpm', 'concurrency'];

/** The Providers view: one row per provider instance, with the test hooks `data-provider`, `data-status`, `data-circuit`. */
export function ProvidersView({ data }: { data: DashboardSnapshot }) {
  const { store } = data.gateway;
  return (
    <section class="view" data-view="providers">
      <p class="store" data-store={store.kind} data-replicas={store.replicas} data-store-status={store.status}>
        Store: <strong>{store.kind}</strong>
        {store.kind === 'shared'
          ? ` · ${store.replicas ?? '?'} replica${store.replicas === 1 ? '' : 's'} share circuits, cooldowns and budgets: this is the fleet's view`
          : ' · this gateway only: circuits, cooldowns and health are its own'}
        {store.status === 'degraded' && <span class="error"> · unreachable: each replica uses its own view and its share of each budget</span>}
      </p>
      <table class="providers">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Status</th>
            <th>Circuit</th>
            <th>Cooldown</th>
            <th>Budgets</th>
            <th>Latency</th>
            <th>Success</th>
            <th>Models</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {data.providers.map((provider) => (
            <ProviderRowView key={provider.id} provider={provider} now={data.at} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ProviderRowView({ provider, now }: { provider: ProviderRow; now: number }) {
  return (
    <tr data-provider={provider.id} data-status={provider.status} data-circuit={provider.circuit}>
      <th scope="row">
        <span class="provider-id">{provider.id}</span>
        {provider.label !== provider.id && <span class="muted"> {provider.label}</span>}
        {!provider.working && provider.reason && <div class="muted small">{provider.reason}</div>}
      </th>
      <td>
        <span class={`badge status-${provider.status}`}>{provider.status}</span>
      </td>
      <td>
        <span class={`badge circuit-${provider.circuit}`}>{provider.circuit}</span>
        {provider.circuitOpenUntil !== undefined && (
          <div class="small">
            probes {formatRelative(provider.circuitOpenUntil, now)} ({formatClock(provider.circuitOpenUntil)})
          </div>
        )}
      </td>
      <td data-cooldown={provider.cooldownUntil ?? 'none'}>
        {provider.cooldownUntil === undefined ? (
          <span class="muted">none</span>
        ) : (
          `until ${formatClock(provider.cooldownUntil)} (${formatRelative(provider.cooldownUntil, now)})`
        )}
      </td>
      <td>
        <Budgets limits={provider.limits} now={now} />
      </td>
      <td>{formatMs(provider.latencyMs)}</td>
      <td>{formatPercent(provider.successRate)}</td>
      <td class="models">
        {provider.models.map((model) => (
          <span key={model.model} class={`chip status-${model.status}`} title={`${model.model}: ${model.status}, circuit ${model.circuit}`}>
            {model.model}
            {model.vision && <span class="muted"> · vision</span>}
            {model.circuit !== 'closed' && ` · ${model.circuit}`}
          </span>
        ))}
      </td>
      <td class="small">
        {provider.lastError ? `${provider.lastError.kind}: ${provider.lastError.message} (${formatRelative(provider.lastError.at, now)})` : '—'}
      </td>
    </tr>
  );
}

/** Each limit's use (`rpm 12/30`, the test hook `data-use`), a meter, and when a window refills. */
function Budgets({ limits, now }: { limits: ProviderLimits | undefined; now: number }) {
  const present = LIMIT_NAMES.filter((name) => limits?.[name] !== undefined);
  if (present.length === 0) return <span class="muted">no limits</span>;
  return (
    <div class="budgets">
      {present.map((name) => {
        const { used, limit, resetsAt } = limits![name]!;
        return (
          <div key={name} class="budget" data-limit={name}>
            <span data-use>
              {name} {used}/{limit}
            </span>
            <meter min={0} max={limit} value={used} high={limit * 0.8} optimum={0} />
            {resetsAt !== undefined && <span class="muted">refills {formatRelative(resetsAt, now)}</span>}
          </div>
        );
      })}
    </div>
  );
}
