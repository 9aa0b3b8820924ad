// @switchboard/server: an OpenAI-compatible HTTP gateway in front of a Switchboard registry.

// Standalone server
export { createGateway } from './create-gateway.js';
export type { Gateway, ListenOptions } from './gateway.js';
export type { GatewayOptions, RemoteImageOptions } from './gateway-options.js';

// Mounting into a host's Fastify app
export { switchboardGateway } from './switchboard-gateway.js';

// Graceful shutdown on SIGTERM / SIGINT
export { closeOnSignals } from './shutdown/close-on-signals.js';
export type { Closable, CloseOnSignalsOptions } from './shutdown/close-on-signals.js';

// Errors and their wire shape
export { GatewayError } from './errors/gateway-error.js';
export type { OpenAIErrorType } from './errors/gateway-error.js';
export type { OpenAIErrorBody, OpenAIErrorAttempt } from './errors/openai-error-from.js';
