import type { BudgetReport, LimitUse, ModelHealth, Registry, StoreStatus } from '@switchboard/core';
import type { BudgetUse, DashboardStore, ProviderLimits, ProviderModelRow, ProviderRow } from './dashboard-data.js';

/**
 * One row per provider instance, from what the registry reports without probing: its list of
 * providers (configured, working, why not) and its health report (status, circuits, Retry-After
 * cooldowns, traffic, budget use), and where that state is kept (the store). Pure reads: the
 * registry's state does not change. A provider without limits has no `limits` ("no limits").
 */
export async function readProviderRows(registry: Registry): Promise<{ providers: ProviderRow[]; store: DashboardStore }> {
  const report = await registry.health({ probe: false, models: true });
  const health = new Map(report.providers.map((provider) => [provider.provider, provider]));
  const budgets = new Map(report.budgets.filter((budget) => budget.scope === 'provider').map((budget) => [budget.name, budget]));
  const providers = registry.providers().map((info): ProviderRow => {
    const provider = health.get(info.id);
    const models = new Map(provider?.models.map((model) => [model.model, model]));
    return {
      id: info.id,
      label: info.label,
      configured: info.configured,
      working: info.working,
      reason: info.reason,
      fix: info.fix,
      status: provider?.status ?? 'unknown',
      source: provider?.source ?? 'none',
      circuit: provider?.circuit ?? 'closed',
      circuitOpenUntil: provider?.circuitOpenUntil,
      cooldownUntil: provider?.cooldownUntil,
      latencyMs: roundMs(provider?.latencyMs),
      successRate: provider?.traffic.successRate,
      lastError: provider?.lastError,
      models: info.models.map((model) => modelRow(model, info.visionModels.includes(model), models.get(model))),
      limits: limitsOf(budgets.get(info.id)),
    };
  });
  return { providers, store: dashboardStore(report.store) };
}

/** A shared store says how the fleet is doing; the in-memory one is just `local`. */
function dashboardStore(store: StoreStatus): DashboardStore {
  if (store.state === 'local') return { kind: 'local' };
  return { kind: 'shared', replicas: store.replicas, status: store.state === 'shared' ? 'ok' : 'degraded' };
}

function limitsOf(budget: BudgetReport | undefined): ProviderLimits | undefined {
  if (!budget) return undefined;
  const use = ({ used, limit, resetsAt }: LimitUse): BudgetUse => ({ used, limit, ...(resetsAt !== undefined ? { resetsAt } : {}) });
  return {
    ...(budget.rpm ? { rpm: use(budget.rpm) } : {}),
    ...(budget.tpm ? { tpm: use(budget.tpm) } : {}),
    ...(budget.concurrency ? { concurrency: use(budget.concurrency) } : {}),
  };
}

function modelRow(model: string, vision: boolean, health: ModelHealth | undefined): ProviderModelRow {
  return {
    model,
    vision,
    status: health?.status ?? 'unknown',
    circuit: health?.circuit ?? 'closed',
    circuitOpenUntil: health?.circuitOpenUntil,
    cooldownUntil: health?.cooldownUntil,
    latencyMs: roundMs(health?.latencyMs),
  };
}

const roundMs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);
