import { InvalidArgumentError } from '@switchboard/core/provider';
import { thrown } from '@switchboard/core/testing';
import { resolveDynasparkSettings } from './dynaspark-settings.js';

const resolve = (raw: unknown, env: Record<string, string> = {}) => resolveDynasparkSettings(raw, { env, registeredAs: 'dynaspark' });
const failure = (raw: unknown, env: Record<string, string> = {}) => thrown(() => resolve(raw, env)) as InvalidArgumentError;

describe('resolveDynasparkSettings', () => {
  it('fills in the real service, the current path, the form mode and gpt4free’s user agent', () => {
    expect(resolve({})).toEqual({
      id: 'dynaspark',
      label: 'Dynaspark',
      baseUrl: 'https://dynaspark.onrender.com',
      path: '/dsai_fuck_u_spammer',
      mode: 'form',
      apiKey: undefined,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
      connections: 128,
      maxResponseBytes: 16 * 1024 * 1024,
    });
  });

  it('takes the base URL and API key from the environment when the settings give none, the settings first', () => {
    const env = { DYNASPARK_BASE_URL: 'http://127.0.0.1:8787/', DYNASPARK_API_KEY: 'env-key' };
    expect(resolve({}, env)).toMatchObject({ baseUrl: 'http://127.0.0.1:8787', apiKey: 'env-key' });
    expect(resolve({ baseUrl: 'http://10.0.0.1:9', apiKey: 'own' }, env)).toMatchObject({ baseUrl: 'http://10.0.0.1:9', apiKey: 'own' });
    expect(failure({}, { DYNASPARK_BASE_URL: 'nope' }).argument).toBe('env.DYNASPARK_BASE_URL');
  });

  it('refuses a misspelt setting, naming the closest known one', () => {
    const error = failure({ baseURL: 'http://x' });
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('providerOptions.dynaspark.baseURL');
    expect(error.message).toContain("did you mean 'baseUrl'?");
  });

  it('lists every problem at once, each under its full path', () => {
    const error = failure({ baseUrl: 'ftp://x', path: 'no-slash', mode: 'grpc', connections: 0, userAgent: 'a\nb' });
    // The header names the settings as a whole, not the first wrong one.
    expect(error.argument).toBe('providerOptions.dynaspark');
    expect(error.message).toMatch(/^Invalid providerOptions\.dynaspark: 5 problems:\n/);
    expect(error.message).toContain("providerOptions.dynaspark.baseUrl: 'ftp://x' uses 'ftp:'; only http: and https: are supported.");
    expect(error.message).toContain(`providerOptions.dynaspark.path: expected a path starting with '/', such as '/generate_response', got "no-slash".`);
    expect(error.message).toContain("providerOptions.dynaspark.mode: expected one of 'form', 'api', got \"grpc\".");
    expect(error.message).toContain('providerOptions.dynaspark.connections: expected a whole number >= 1, got 0.');
    expect(error.message).toContain('providerOptions.dynaspark.userAgent: expected a one-line user agent string');
  });

  it('never repeats a bad API key in its message', () => {
    const error = failure({ apiKey: 'sk-secret\nX-Evil: 1' });
    expect(error.argument).toBe('providerOptions.dynaspark.apiKey');
    expect(error.message).not.toContain('sk-secret');
  });

  it('refuses another id for the registered provider, whose settings are keyed by its id', () => {
    const error = thrown(() => resolveDynasparkSettings({ id: 'other' }, { env: {}, registeredAs: 'dynaspark' })) as InvalidArgumentError;
    expect(error.argument).toBe('providerOptions.dynaspark.id');
    expect(error.message).toContain('createDynaspark({ id: "other"');
  });
});
