/** The emulators a fleet sends to: `primary` behind the providers under test, `backup` behind the fallback. */
export interface FleetUpstreams {
  primary: string;
  backup: string;
}

/** Every model the emulators serve in these tests: each scenario has its own, so none disturbs another. */
export const FLEET_MODELS = ['m-circuit', 'm-cooldown', 'm-budget', 'm-keys', 'm-soak'];

/**
 * A replica's `switchboard.config.json`: one provider instance per scenario on the primary
 * emulator (each tags its requests with `x-provider`, and every request with `x-replica`, so the
 * emulator can count who sent what), and a backup instance serving every model. Shared through
 * Redis under `prefix`.
 */
export function fleetConfig({ replica, upstreams, redisUrl, prefix }: { replica: string; upstreams: FleetUpstreams; redisUrl: string; prefix: string }) {
  const instance = (id: string, models: string[], extra: Record<string, unknown> = {}) => ({
    use: '@switchboard/provider-openai-compatible',
    id,
    baseUrl: upstreams.primary,
    models,
    headers: { 'x-replica': replica, 'x-provider': id },
    ...extra,
  });
  return {
    providers: [
      instance('flaky', ['m-circuit']),
      instance('limited', ['m-cooldown']),
      instance('budgeted', ['m-budget'], { limits: { rpm: 20 } }),
      instance('steady', ['m-keys', 'm-soak']),
      { ...instance('backup', FLEET_MODELS), baseUrl: upstreams.backup },
    ],
    // A Retry-After over a second is waited out by nobody: it cools the provider for the whole fleet.
    resilience: { maxAttemptsPerProvider: 1, maxRetryAfterMs: 1_000, circuitFailureThreshold: 3, circuitCooldownMs: 60_000 },
    health: { intervalMs: 1_000 },
    // A machine running every test at once can be slow to answer: the first connection, and any
    // command (past commandTimeoutMs a replica goes on alone and warns, which the soak counts).
    store: { url: redisUrl, prefix, heartbeatMs: 200, connectTimeoutMs: 20_000, commandTimeoutMs: 2_000 },
    server: {
      apiKey: `\${OPERATOR_KEY}`,
      keys: [
        { name: 'alice', key: `\${ALICE_KEY}`, models: ['m-keys'], limits: { rpm: 5 } },
        { name: 'bob', key: `\${BOB_KEY}`, models: ['m-keys'] },
      ],
      ui: false,
      metrics: false,
    },
  };
}

/** The keys the fleet's config reads from its environment. */
export const FLEET_ENV = { OPERATOR_KEY: 'sk-operator-0123456789', ALICE_KEY: 'sk-alice-0123456789', BOB_KEY: 'sk-bob-0123456789' };
export const OPERATOR = { authorization: `Bearer ${FLEET_ENV.OPERATOR_KEY}` };
