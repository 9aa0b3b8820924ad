import type * as OtelApi from '@opentelemetry/api';

/** `@opentelemetry/api`, as core uses it once loaded. */
export type OtelApiModule = typeof OtelApi;

// Every copy of @opentelemetry/api 1.x keeps what was registered (tracer provider, meter provider,
// context manager, propagator) on this one global, so that copies can share them: it is the API's
// own cross-copy contract, stable for the whole major version. Reading it costs one property
// lookup, which is how a registry with no SDK registered pays nothing for telemetry: no import of
// the API (about 20 ms at start-up on our machines, see the core README), no object per call.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

interface OtelGlobal {
  trace?: unknown;
  metrics?: unknown;
}

/** True when some copy of `@opentelemetry/api` 1.x had a tracer provider or a meter provider registered. */
export function otelRegistered(): boolean {
  const registered = (globalThis as { [OTEL_GLOBAL]?: OtelGlobal })[OTEL_GLOBAL];
  return registered !== undefined && (registered.trace !== undefined || registered.metrics !== undefined);
}

/** True when a tracer provider is registered (a meter provider alone does not make spans). */
export function tracerRegistered(): boolean {
  return (globalThis as { [OTEL_GLOBAL]?: OtelGlobal })[OTEL_GLOBAL]?.trace !== undefined;
}

/** True when a meter provider is registered. */
export function meterRegistered(): boolean {
  return (globalThis as { [OTEL_GLOBAL]?: OtelGlobal })[OTEL_GLOBAL]?.metrics !== undefined;
}

let api: OtelApiModule | undefined;
let loading: Promise<OtelApiModule | undefined> | undefined;
let missing: unknown;

/** The API once {@link loadOtelApi} loaded it; undefined before, or when it cannot be loaded. */
export function loadedOtelApi(): OtelApiModule | undefined {
  return api;
}

/**
 * Loads `@opentelemetry/api` (an optional peer dependency: the host that registers an SDK has
 * it, and core then uses that very copy). Resolves with undefined when it is not installed; the
 * reason stays in {@link otelApiMissing}.
 */
export function loadOtelApi(): Promise<OtelApiModule | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (module) => (api = module),
    (error: unknown) => {
      missing = error;
      return undefined;
    },
  );
  return loading;
}

/** Why the API could not be loaded, once {@link loadOtelApi} failed. */
export function otelApiMissing(): unknown {
  return missing;
}
