// A registry while no OpenTelemetry SDK is registered: nothing of OpenTelemetry is even loaded,
// and every call gets the one shared no-op observer. (This file never imports @opentelemetry/api:
// jest gives each test file its own modules, so what is loaded here is what core loaded.)
import { describe, expect, it } from '@jest/globals';
import { registryWith } from '../registry/__fixtures__/registry-with.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { NO_OBSERVER } from './call-observer.js';
import { loadedOtelApi, otelRegistered } from './otel-api.js';
import { RegistryTelemetry } from './registry-telemetry.js';
import { resolveTelemetryOptions } from './telemetry-options.js';
import { silentLogger } from '../logging/create-logger.js';

describe('with no SDK registered', () => {
  it('calls, streams and upstream requests never load @opentelemetry/api', async () => {
    expect(otelRegistered()).toBe(false);
    const registry = registryWith([createFakeProvider({ id: 'alpha' })]);
    expect((await registry.create('echo').generate('Hi')).text).toBe('hello from alpha');
    for await (const _part of registry.create('echo').stream('Hi'));
    expect(loadedOtelApi()).toBeUndefined();
    await registry.close();
  });

  it('a call gets the shared no-op observer at once (no promise, no object)', () => {
    const telemetry = new RegistryTelemetry({
      options: resolveTelemetryOptions({ captureContent: true }, {}),
      clock: { now: () => 0 },
      circuitState: () => 'closed',
      logger: silentLogger,
    });
    expect(telemetry.startCall('echo', 'generate', 0)).toBe(NO_OBSERVER);
    expect(telemetry.startCall('echo', 'stream', 0)).toBe(NO_OBSERVER);
  });

  it('a diagnostic logger alone (no tracer or meter provider) is not an SDK', () => {
    const key = Symbol.for('opentelemetry.js.api.1');
    (globalThis as Record<symbol, unknown>)[key] = { version: '1.9.1', diag: {} };
    try {
      expect(otelRegistered()).toBe(false);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
  });
});
