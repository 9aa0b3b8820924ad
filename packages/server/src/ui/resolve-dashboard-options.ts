import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/provider';
import type { GatewayOptions } from '../gateway-options.js';

/** The dashboard's settings with their defaults applied. */
export interface ResolvedDashboardOptions {
  recentRequests: number;
  captureContent: boolean;
}

const DEFAULT_RECENT_REQUESTS = 300;
// A bound, since each kept request holds memory (and its text, with captureContent).
const MAX_RECENT_REQUESTS = 10_000;

/** Checks `ui` and `captureContent`, naming the wrong one; undefined when the dashboard is off. */
export function resolveDashboardOptions(ui: GatewayOptions['ui'], captureContent: GatewayOptions['captureContent']): ResolvedDashboardOptions | undefined {
  const fail = (argument: string, message: string) => new InvalidArgumentError({ argument: `options.${argument}`, message });
  if (captureContent !== undefined && typeof captureContent !== 'boolean')
    throw fail('captureContent', `expected true or false, got ${describeValue(captureContent)}.`);
  if (ui === false) return undefined;
  if (ui !== undefined && ui !== true && (typeof ui !== 'object' || ui === null || Array.isArray(ui)))
    throw fail('ui', `expected true, false or { recentRequests }, got ${describeValue(ui)}.`);
  const settings = typeof ui === 'object' ? ui : {};
  for (const key of Object.keys(settings)) if (key !== 'recentRequests') throw fail(`ui.${key}`, "unknown option; expected 'recentRequests'.");
  const { recentRequests = DEFAULT_RECENT_REQUESTS } = settings;
  if (typeof recentRequests !== 'number' || !Number.isSafeInteger(recentRequests) || recentRequests < 1 || recentRequests > MAX_RECENT_REQUESTS)
    throw fail('ui.recentRequests', `expected a whole number from 1 to ${MAX_RECENT_REQUESTS}, got ${describeValue(recentRequests)}.`);
  return { recentRequests, captureContent: captureContent === true };
}
