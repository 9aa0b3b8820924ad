import type { LanguageModel, Registry } from '@switchboard/core';

/**
 * Most images one request to `model` can carry: the largest `maxMediaItems` among its providers
 * that serve it as a vision model (0 when none does). The registry makes the final choice per
 * call; this lets the gateway refuse a request before downloading images no provider would take.
 */
export function imageCapacity(model: LanguageModel, registry: Registry): number {
  let capacity = 0;
  for (const entry of model.providers) {
    const provider = registry.provider(entry.provider);
    if (provider.visionModels.includes(entry.model)) capacity = Math.max(capacity, provider.maxMediaItems ?? 1);
  }
  return capacity;
}
