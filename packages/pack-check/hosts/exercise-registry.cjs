// What the ESM and the CommonJS hosts both do, given the modules as each loaded them: the hosts
// differ only in how they load the packages, which is what they prove.
async function exerciseRegistry({ core, emulators, testing, greeting, coreVersion }) {
  const emulator = await emulators.startDynasparkEmulator();
  const registry = core.createRegistry({ aliases: { flash: 'gemini-2.0-flash' }, providerOptions: { dynaspark: { baseUrl: emulator.url } } });
  try {
    const result = await registry.create('flash').generate(greeting);
    const streamed = [];
    for await (const part of registry.create('gemini-2.0-flash').stream(`${greeting}, streamed`)) streamed.push(part.type);
    emulator.setFaults([{ fault: 'rate-limit', times: 1 }]);
    const limited = await registry
      .create('flash')
      .generate('Hi', { resilience: { maxAttempts: 1 } })
      .catch((error) => error);
    let typo;
    try {
      registry.create('gemini-2.0-flsh');
    } catch (error) {
      typo = error;
    }
    const mock = testing.createMockProvider({ models: ['m'], answers: [{ text: 'mocked' }] });
    const mocked = await core
      .createRegistry({ providers: [mock], useRegistered: false })
      .create('m')
      .generate('x');
    return {
      version: core.VERSION === coreVersion,
      providers: registry.providers().map((provider) => provider.id),
      text: result.text,
      provider: result.provider,
      streamed,
      rateLimited: limited instanceof core.RateLimitError && limited.retryAfterMs,
      modelNotFound: typo instanceof core.ModelNotFoundError && typo.closestModels[0],
      mocked: mocked.text,
    };
  } finally {
    await registry.close();
    await emulator.close();
  }
}

module.exports = { exerciseRegistry };
