import type { Logger } from 'pino';
import type { Candidate } from '../orchestration/candidate.js';
import type { CircuitBreakers } from '../orchestration/circuit-breakers.js';
import type { Clock } from '../orchestration/clock.js';
import type { RegistryEvents } from '../orchestration/registry-events.js';
import type { ResolvedResilienceOptions } from '../orchestration/resilience-options.js';
import type { Provider } from '../provider/provider.js';
import type { ExtraMediaPolicy } from './call-options.js';
import type { ModelCatalog } from './model-catalog.js';
import type { RoutingOptions } from './routing-options.js';

/** What a registry shares with the models it creates: built once, read on every call. */
export interface RegistryRuntime {
  catalog: ModelCatalog;
  defaults: { resilience: ResolvedResilienceOptions; maxMediaBytes: number; extraMedia: ExtraMediaPolicy };
  routing: RoutingOptions;
  clock: Clock;
  random: () => number;
  events: RegistryEvents;
  breakers: CircuitBreakers;
  logger: Logger;
  loggerFor(provider: Provider): Logger;
  isWorking(provider: Provider, model: string): boolean;
  rank?: (candidates: Candidate[]) => Candidate[];
  nextRequestId(): string;
}
