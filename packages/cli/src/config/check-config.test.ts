import { ConfigError } from '../errors/config-error.js';
import { checkConfig } from './check-config.js';

function problem(value: unknown): { path: string; message: string } {
  try {
    checkConfig(value, 'my.json');
  } catch (error) {
    if (ConfigError.isInstance(error)) return { path: (error as ConfigError).path, message: error.message };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('checkConfig', () => {
  it('returns a valid file as it is', () => {
    const config = { providers: [{ use: '@switchboard/provider-dynaspark', mode: 'api' }], aliases: { flash: 'gemini-2.0-flash' }, server: { port: 8080 } };

    expect(checkConfig(config, 'my.json')).toEqual(config);
  });

  it("takes every one of the gateway's limits (the Security section of the server README)", () => {
    const server = {
      bodyLimit: 1_000_000,
      bodyDepthLimit: 32,
      writeTimeoutMs: 5_000,
      clientConnectionShare: 0.25,
      upstreamConnections: 64,
      healthProbeIntervalMs: 0,
      allowRemoteImages: { maxImages: 2, maxTotalBytes: 5_000_000, maxConcurrentDownloads: 4, maxRedirects: 0, allowAddresses: ['10.0.0.0/8'] },
    };
    const config = { providers: [{ use: 'x' }], server };

    expect(checkConfig(config, 'my.json')).toEqual(config);
  });

  it.each([
    [[], '', 'my.json: expected a JSON object with a "providers" array.'],
    [{ providers: [] }, 'providers', 'my.json: providers: expected at least one provider instance.'],
    [{ providers: [{}] }, 'providers[0].use', "my.json: providers[0].use: is required: the plugin package, such as '@switchboard/provider-dynaspark'."],
    [{ providers: ['dynaspark'] }, 'providers[0]', 'my.json: providers[0]: expected a provider instance object, got "dynaspark".'],
    [
      { providers: [{ use: ' ' }] },
      'providers[0].use',
      'my.json: providers[0].use: expected a plugin package name such as \'@switchboard/provider-dynaspark\', got " ".',
    ],
    [{ providers: [{ use: 'x' }], aliases: { 'my alias': 3 } }, 'aliases["my alias"]', 'my.json: aliases["my alias"]: expected a model name, got 3.'],
    [{ providers: [{ use: 'x' }], server: { port: 70000 } }, 'server.port', 'my.json: server.port: expected a port number, got 70000.'],
    [
      { providers: [{ use: 'x' }], server: { bodyLimit: '1mb' } },
      'server.bodyLimit',
      'my.json: server.bodyLimit: expected a whole number of bytes >= 1, got "1mb".',
    ],
    [
      { providers: [{ use: 'x' }], server: { clientConnectionShare: 2 } },
      'server.clientConnectionShare',
      'my.json: server.clientConnectionShare: expected a share above 0 and at most 1, got 2.',
    ],
    [
      { providers: [{ use: 'x' }], server: { writeTimeoutMs: 0 } },
      'server.writeTimeoutMs',
      'my.json: server.writeTimeoutMs: expected a whole number of milliseconds >= 1, got 0.',
    ],
    [{ providers: [{ use: 'x' }], resilience: [] }, 'resilience', 'my.json: resilience: expected resilience options, got an array.'],
  ])('%j: %s', (value, path, message) => {
    expect(problem(value)).toEqual({ path, message });
  });

  it('reports a misspelt key before what it leaves missing, with the closest known key', () => {
    expect(problem({ provider: [{ use: 'x' }] })).toEqual({
      path: 'provider',
      message: expect.stringMatching(/^my\.json: provider: unknown key; did you mean 'providers'\? Known keys at the top level: \$schema, providers, /),
    });
  });
});
