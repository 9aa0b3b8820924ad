import { describeValue, InvalidArgumentError } from '@switchboard/core/provider';
import { createEmulatorHandle } from '../shared/create-emulator-handle.js';
import { createRequestListener } from '../shared/create-request-listener.js';
import { htmlReply } from '../shared/emulator-reply.js';
import { EmulatorState } from '../shared/emulator-state.js';
import { startEmulatorServer } from '../shared/start-emulator-server.js';
import { validateEmulatorOptions } from '../shared/validate-emulator-options.js';
import { createRateLimitWindow } from './create-rate-limit-window.js';
import type { DynasparkContext } from './dynaspark-context.js';
import type { DynasparkEmulator } from './dynaspark-emulator.js';
import { DEFAULT_CHAT_PATHS, type DynasparkEmulatorOptions } from './dynaspark-emulator-options.js';
import { DYNASPARK_FAULT_KINDS, type DynasparkFaultKind } from './dynaspark-fault-kind.js';
import { DYNASPARK_ENDPOINTS, type DynasparkEndpoint } from './dynaspark-fault-rule.js';
import type { DynasparkRecordedRequest } from './dynaspark-recorded-request.js';
import { homePage } from './html-pages.js';
import { dynasparkErrorReply } from './json-error.js';
import { routeDynasparkRequest } from './route-dynaspark-request.js';

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
  const server = await startEmulatorServer({
    host: settings.host,
    port: settings.port,
    timers: state.timers,
    listener: createRequestListener({ state, route: (request) => routeDynasparkRequest(context, request), errorReply: dynasparkErrorReply }),
  });
  return createEmulatorHandle({ state, server, url: server.origin });
}

function validatePaths(paths: unknown): string[] {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new InvalidArgumentError({ argument: 'paths', message: `must be a non-empty array of paths, got ${describeValue(paths)}` });
  }
  paths.forEach((path: unknown, index) => {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new InvalidArgumentError({ argument: `paths[${index}]`, message: `must start with '/', got ${describeValue(path)}` });
    }
  });
  return paths as string[];
}
