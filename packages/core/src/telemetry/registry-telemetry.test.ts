// The registry's telemetry follows what the host registers, when it registers it.
import { afterEach, describe, expect, it } from '@jest/globals';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { registryWith } from '../registry/__fixtures__/registry-with.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { registerTestSdk, type TestSdk } from './__fixtures__/test-sdk.js';
import { NO_OBSERVER } from './call-observer.js';
import { RegistryTelemetry } from './registry-telemetry.js';
import { resolveTelemetryOptions } from './telemetry-options.js';
import { silentLogger } from '../logging/create-logger.js';

let sdk: TestSdk | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

describe('RegistryTelemetry', () => {
  it('an SDK registered after the registry was created traces its next call', async () => {
    const registry = registryWith([createFakeProvider({ id: 'alpha' })]);
    await registry.create('echo').generate('Hi');
    sdk = registerTestSdk();
    await registry.create('echo').generate('Hi');
    expect(sdk.spans().map((span) => span.name)).toEqual(['chat echo', 'switchboard.generate echo']);
    await registry.close();
  });

  it('follows the SDK a host registers in place of another (the tracer is not kept across them)', async () => {
    const registry = registryWith([createFakeProvider({ id: 'alpha' })]);
    sdk = registerTestSdk();
    await registry.create('echo').generate('Hi');
    expect(sdk.spans()).toHaveLength(2);
    await sdk.close();
    sdk = registerTestSdk();
    await registry.create('echo').generate('Hi');
    expect(sdk.spans()).toHaveLength(2);
    await registry.close();
  });

  it("a tracer that records nothing (the API's no-op tracer) and no meter: the call gets the no-op observer", async () => {
    trace.setGlobalTracerProvider(new ProxyTracerProvider());
    try {
      const telemetry = new RegistryTelemetry({
        options: resolveTelemetryOptions(undefined, {}),
        clock: { now: () => 0 },
        circuitState: () => 'closed',
        logger: silentLogger,
      });
      expect(await telemetry.startCall('echo', 'generate', 0)).toBe(NO_OBSERVER);
    } finally {
      trace.disable();
    }
  });
});
