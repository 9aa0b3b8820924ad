import type { Logger } from '@switchboard/core';
import type { ResolvedStoredResponses } from '../resolve-gateway-options.js';
import { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseStore } from './response-store.js';
import { SharedResponseStore } from './shared-response-store.js';

/** The Responses route's store: this process's memory, and a shared store's documents when one is given. */
export function createResponseStore(options: ResolvedStoredResponses, logger: Logger): ResponseStore {
  const { shared, ...limits } = options;
  const local = new MemoryResponseStore(limits);
  return shared ? new SharedResponseStore({ shared, local, ttlMs: limits.ttlMs, logger }) : local;
}
