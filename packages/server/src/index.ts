// @switchboard/server: an OpenAI-compatible HTTP gateway in front of a Switchboard registry.

// Standalone server
export { createGateway } from './create-gateway.js';
export type { Gateway, ListenOptions } from './gateway.js';
export type { GatewayOptions, RemoteImageOptions } from './gateway-options.js';

// The dashboard at /ui: its options, and the JSON of its data endpoints (/ui/api/snapshot, /ui/api/events)
export type { DashboardOptions } from './ui/dashboard-options.js';
export { DASHBOARD_DATA_VERSION } from './ui/dashboard-data.js';
export type {
  DashboardSnapshot,
  DashboardUpdate,
  DashboardGateway,
  DashboardStore,
  DashboardHealthStatus,
  DashboardCircuitState,
  ProviderRow,
  ProviderModelRow,
  ProviderLimits,
  BudgetUse,
  DashboardTraffic,
  TrafficSeries,
  RecentRequest,
  RequestAttempt,
  RequestRoute,
} from './ui/dashboard-data.js';

// Mounting into a host's Fastify app
export { switchboardGateway } from './switchboard-gateway.js';

// Graceful shutdown on SIGTERM / SIGINT
export { closeOnSignals } from './shutdown/close-on-signals.js';
export type { Closable, CloseOnSignalsOptions } from './shutdown/close-on-signals.js';

// Errors and their wire shape
export { GatewayError } from './errors/gateway-error.js';
export type { OpenAIErrorType } from './errors/gateway-error.js';
export type { OpenAIErrorBody, OpenAIErrorAttempt } from './errors/openai-error-from.js';
