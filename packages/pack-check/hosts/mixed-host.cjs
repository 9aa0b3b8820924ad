// A mixed host: CommonJS code requires core, an ESM plugin imports it. One copy of core must load:
// the provider the plugin registers is served by the registry made here (one DI container), and
// the errors it throws are instances of the classes required here (one set of error classes).
const core = require('@switchboard/core');
require('./mixed-plugin.mjs');
require('@switchboard/provider-dynaspark');
const { startDynasparkEmulator } = require('@switchboard/emulators/dynaspark');

async function main() {
  const emulator = await startDynasparkEmulator();
  const registry = core.createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url } } });
  try {
    const fromPlugin = await registry.create('mixed-1').generate('hi');
    const fromDynaspark = await registry.create('gemini-2.0-flash').generate('Hello from a mixed host');
    const failure = await registry
      .create('mixed-1')
      .generate('fail', { resilience: { maxAttempts: 1 } })
      .catch((error) => error);
    console.log(
      JSON.stringify({
        providers: registry.providers().map((provider) => provider.id),
        fromPlugin: fromPlugin.text,
        fromDynaspark: fromDynaspark.text,
        instanceofAcrossStyles: failure instanceof core.RateLimitError && failure instanceof core.ApiCallError && failure instanceof core.SwitchboardError,
        retryAfterMs: failure.retryAfterMs,
      }),
    );
  } finally {
    await registry.close();
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
