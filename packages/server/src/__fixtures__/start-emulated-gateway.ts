import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createDynaspark } from '@switchboard/provider-dynaspark';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

/** The model all three providers serve; Dynaspark comes first in its routing order. */
export const SHARED_MODEL = 'gemini-2.0-flash';
/** A model only Dynaspark serves. */
export const DYNASPARK_ONLY_MODEL = 'gemini-1.5-flash';
/** An OpenAI tool the emulators call with `{"city": <the last user text>}`. */
export const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};

/**
 * A gateway over a registry of the real plugins, each in front of its own emulator: Dynaspark
 * (declares no capabilities), then the OpenAI-compatible `local`, then the OpenAI-compatible
 * `backup` (both declare tools and structured output), all serving {@link SHARED_MODEL} in that
 * order. One attempt per provider before falling over (the last one tried may use what is left
 * of `maxAttempts`, as core intends), so a fallback shows as a request on the next emulator.
 */
export interface EmulatedGateway extends TestGateway {
  dynaspark: DynasparkEmulator;
  local: OpenAICompatibleEmulator;
  backup: OpenAICompatibleEmulator;
  /** Every emulator back to healthy, with no faults and an empty request log. */
  reset(): void;
}

export async function startEmulatedGateway(): Promise<EmulatedGateway> {
  const [dynaspark, local, backup] = await Promise.all([
    startDynasparkEmulator(),
    startOpenAICompatibleEmulator({ models: [SHARED_MODEL] }),
    startOpenAICompatibleEmulator({ models: [SHARED_MODEL] }),
  ]);
  // `env: {}` so the developer's DYNASPARK_* / OPENAI_* variables cannot point a test elsewhere.
  const context = { env: {} };
  const providers = [
    createDynaspark({ baseUrl: dynaspark.url }, context),
    await createOpenAICompatible({ id: 'local', baseUrl: local.url, models: [SHARED_MODEL] }, context),
    await createOpenAICompatible({ id: 'backup', baseUrl: backup.url, models: [SHARED_MODEL] }, context),
  ];
  const server = await startTestGateway({
    providers,
    registry: {
      routing: { order: { [SHARED_MODEL]: ['dynaspark', 'local', 'backup'] } },
      // A fault test must not open a circuit that a later test would run into.
      resilience: { maxAttemptsPerProvider: 1, circuitFailureThreshold: 1_000 },
    },
  });
  const emulators = [dynaspark, local, backup];
  return {
    ...server,
    dynaspark,
    local,
    backup,
    reset: () => {
      for (const emulator of emulators) emulator.reset();
    },
    async close() {
      await server.close();
      await Promise.all(emulators.map((emulator) => emulator.close()));
    },
  };
}

/**
 * One emulated gateway for a test file: started before its tests, every emulator reset before
 * each test, closed after them. The object is filled in once the gateway has started.
 */
export function useEmulatedGateway(): EmulatedGateway {
  const server = {} as EmulatedGateway;
  beforeAll(async () => {
    Object.assign(server, await startEmulatedGateway());
  });
  beforeEach(() => server.reset());
  afterAll(() => server.close());
  return server;
}
