import { ConfigError } from '../errors/config-error.js';
import { expandVariables } from './expand-variables.js';
import { redactSecrets } from './redact-secrets.js';

const file = 'switchboard.config.json';

function thrown(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error as ConfigError;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('expandVariables', () => {
  it(`replaces \${NAME} in every string, however deep, and leaves other values alone`, () => {
    const config = { providers: [{ use: 'x', baseUrl: `http://\${HOST}:\${PORT}/v1`, models: [`\${MODEL}`], stream: true }], resilience: { maxAttempts: 3 } };

    const expanded = expandVariables(config, { env: { HOST: '10.0.0.2', PORT: '8080', MODEL: 'llama' }, file });

    expect(expanded).toEqual({
      providers: [{ use: 'x', baseUrl: 'http://10.0.0.2:8080/v1', models: ['llama'], stream: true }],
      resilience: { maxAttempts: 3 },
    });
  });

  it('names the place and the variable when it is not set (or empty)', () => {
    const config = { providers: [{ use: 'a' }, { use: 'b' }, { use: 'c', apiKey: `\${GROQ_API_KEY}` }] };

    const error = thrown(() => expandVariables(config, { env: { GROQ_API_KEY: '' }, file }));

    expect(error.path).toBe('providers[2].apiKey');
    expect(error.message).toBe(
      `switchboard.config.json: providers[2].apiKey: the environment variable GROQ_API_KEY is not set (the file says \${GROQ_API_KEY}).`,
    );
  });

  it('reports every variable that is not set at once, each with its place', () => {
    const config = {
      providers: [
        { use: 'a', baseUrl: `\${HOST}` },
        { use: 'b', apiKey: `\${GROQ_API_KEY}` },
      ],
      server: { apiKey: `\${SWITCHBOARD_API_KEY}` },
    };

    const error = thrown(() => expandVariables(config, { env: {}, file }));

    expect(error.path).toBe('');
    expect(error.message).toBe(
      'switchboard.config.json: 3 environment variables are not set: HOST (providers[0].baseUrl), GROQ_API_KEY (providers[1].apiKey), SWITCHBOARD_API_KEY (server.apiKey).',
    );
  });

  it('leaves the variables of a skipped section unread, but still refuses a key written into it', () => {
    const config = { providers: [{ use: 'a' }], server: { apiKey: `\${SWITCHBOARD_API_KEY}`, host: `\${HOST}` } };

    expect(expandVariables(config, { env: {}, file, skip: ['server'] })).toEqual(config);
    expect(thrown(() => expandVariables({ server: { apiKey: 'sk-live-123456' } }, { env: {}, file, skip: ['server'] })).path).toBe('server.apiKey');
  });

  it('refuses a key written into the file, without repeating it', () => {
    const error = thrown(() => expandVariables({ server: { apiKey: 'sk-live-123456' } }, { env: {}, file }));

    expect(error.path).toBe('server.apiKey');
    expect(error.message).not.toContain('sk-live');
  });

  it('remembers values that look secret, so nothing the CLI prints can show them', () => {
    expandVariables(
      { providers: [{ use: 'x', apiKey: `\${MY_KEY}`, headers: { 'x-tenant': `\${TENANT}` } }] },
      { env: { MY_KEY: 'abcd-secret-value', TENANT: 'acme-tenant' }, file },
    );

    expect(redactSecrets('sent abcd-secret-value for acme-tenant')).toBe('sent *** for acme-tenant');
  });
});
