import type { ModelHealth, Registry } from '@switchboard/core';
import type { ProviderModelRow, ProviderRow } from './dashboard-data.js';

/**
 * One row per provider instance, from what the registry reports without probing: its list of
 * providers (configured, working, why not) and its health report (status, circuits, traffic).
 * Pure reads: the registry's state does not change. Budgets and Retry-After cooldowns are left
 * out until the registry reports them (`limits`, `cooldownUntil` stay absent: "no limits").
 */
export async function readProviderRows(registry: Registry): Promise<ProviderRow[]> {
  const report = await registry.health({ probe: false, models: true });
  const health = new Map(report.providers.map((provider) => [provider.provider, provider]));
  return registry.providers().map((info): ProviderRow => {
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
      latencyMs: roundMs(provider?.latencyMs),
      successRate: provider?.traffic.successRate,
      lastError: provider?.lastError,
      models: info.models.map((model) => modelRow(model, info.visionModels.includes(model), models.get(model))),
    };
  });
}

function modelRow(model: string, vision: boolean, health: ModelHealth | undefined): ProviderModelRow {
  return {
    model,
    vision,
    status: health?.status ?? 'unknown',
    circuit: health?.circuit ?? 'closed',
    circuitOpenUntil: health?.circuitOpenUntil,
    latencyMs: roundMs(health?.latencyMs),
  };
}

const roundMs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);
