import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import type { Emulator } from '../shared/emulator.js';
import { validateEmulatorOptions, type EmulatorOptions } from '../shared/emulator-options.js';
import { htmlReply } from '../shared/emulator-reply.js';
import { EmulatorState } from '../shared/emulator-state.js';
import { startEmulatorServer, type EmulatorRequest } from '../shared/start-emulator-server.js';
import { createRateLimitWindow } from './create-rate-limit-window.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { DYNASPARK_FAULT_KINDS, type DynasparkFaultKind } from './dynaspark-fault-kind.js';
import { DYNASPARK_ENDPOINTS, type DynasparkEndpoint, type DynasparkFaultRule } from './dynaspark-fault-rule.js';
import type { DynasparkRecordedRequest } from './dynaspark-recorded-request.js';
import { homePage } from './html-pages.js';
import { dynasparkErrorReply } from './json-error.js';
import { routeDynasparkRequest } from './route-dynaspark-request.js';

/** The chat POST's paths: the original one, and the one the service renamed it to on 2025-05-12. */
export const DEFAULT_CHAT_PATHS: readonly string[] = ['/generate_response', '/dsai_fuck_u_spammer'];

/** How to start the Dynaspark emulator. Every option is optional. */
export interface DynasparkEmulatorOptions extends EmulatorOptions<DynasparkFaultRule> {
  /**
   * The paths that serve the chat POST. Upstream renamed it once to block scrapers (g4f's last
   * version posts to the new one), so both answer by default; give one to test a client's path
   * setting, or to check that a client does not use the other.
   * @default ['/generate_response', '/dsai_fuck_u_spammer']
   * @example ['/chat_v2']
   */
  paths?: readonly string[];
}

/** A running Dynaspark emulator; `url` is its origin, what the provider's `baseUrl` takes. */
export type DynasparkEmulator = Emulator<DynasparkFaultRule, DynasparkRecordedRequest>;

/**
 * Starts a local server that speaks the Dynaspark protocol (the form POST g4f used, the documented
 * GET API, /status), with fault injection. Options are checked before anything listens.
 *
 * @example
 * const emulator = await startDynasparkEmulator({ faults: [{ fault: 'rate-limit', times: 1 }] });
 * const res = await fetch(`${emulator.url}/generate_response`, {
 *   method: 'POST',
 *   body: new URLSearchParams({ user_input: 'Hi', ai_model: 'gemini-1.5-flash' }),
 * }); // 429 first, then {"response":"Echo from gemini-1.5-flash: Hi"}
 * await emulator.close();
 */
export async function startDynasparkEmulator(options: DynasparkEmulatorOptions = {}): Promise<DynasparkEmulator> {
  const settings = validateEmulatorOptions(options, ['paths']);
  const chatPaths = new Set(validatePaths(options.paths ?? DEFAULT_CHAT_PATHS));
  // The public API's documented quota: 100 requests an hour.
  const rateLimit = createRateLimitWindow({ limit: 100, windowMs: 60 * 60 * 1000 });
  const state = new EmulatorState<DynasparkFaultKind, DynasparkEndpoint, DynasparkRecordedRequest>({
    settings,
    schema: { kinds: DYNASPARK_FAULT_KINDS, endpoints: DYNASPARK_ENDPOINTS },
    promptEndpoints: DYNASPARK_ENDPOINTS,
    onReset: () => rateLimit.reset(),
  });
  const context: DynasparkContext = { state, chatPaths, rateLimit, home: htmlReply(200, homePage(chatPaths)) };
  const route = (request: EmulatorRequest) => routeDynasparkRequest(context, request);
  return startEmulatorServer({ state, settings, route, errorReply: dynasparkErrorReply, urlPath: '' });
}

function validatePaths(paths: unknown): string[] {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new InvalidArgumentError({ argument: 'paths', reason: `must be a non-empty array of paths, got ${describeValue(paths)}` });
  }
  paths.forEach((path: unknown, index) => {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new InvalidArgumentError({ argument: `paths[${index}]`, reason: `must start with '/', got ${describeValue(path)}` });
    }
  });
  return paths as string[];
}
