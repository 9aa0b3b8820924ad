import type { WarningStreamPart } from '@switchboard/core';
import type { GatewayWarning } from '../chat/gateway-warning.js';
import type { ApiRequest } from './api-face.js';

/**
 * What an answer tells the client besides itself: the registry's warnings (with their facts:
 * the provider, the setting it could not honour), then the request's own (fields no provider got).
 */
export function answerWarnings(fromRegistry: readonly WarningStreamPart[], request: ApiRequest): GatewayWarning[] {
  const warnings: GatewayWarning[] = fromRegistry.map(({ type: _type, ...warning }) => warning);
  for (const warning of request.warnings) warnings.push(warning);
  return warnings;
}
