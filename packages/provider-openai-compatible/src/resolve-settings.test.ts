import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core';
import { DEFAULT_BASE_URL, resolveSettings } from './resolve-settings.js';

const source = 'providerOptions.openai-compatible';
const resolve = (raw: Record<string, unknown>, env: Record<string, string> = {}) => resolveSettings(raw, { env, source });

function errorOf(raw: Record<string, unknown>, env: Record<string, string> = {}): InvalidArgumentError {
  try {
    resolve(raw, env);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('resolveSettings', () => {
  it('applies defaults', () => {
    expect(resolve({ models: ['a', 'b'] })).toEqual({
      id: 'openai-compatible',
      baseUrl: DEFAULT_BASE_URL,
      apiKey: undefined,
      models: ['a', 'b'],
      defaultModel: 'a',
      visionModels: [],
      modelAliases: {},
      headers: {},
      stream: true,
    });
  });

  it('reads the base URL and key from the environment when the settings do not give them', () => {
    const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://10.0.0.2:8000/v1/', OPENAI_COMPATIBLE_API_KEY: 'sk-env' };
    expect(resolve({ models: ['a'] }, env)).toMatchObject({ baseUrl: 'http://10.0.0.2:8000/v1', apiKey: 'sk-env' });
    expect(resolve({ models: ['a'], baseUrl: 'http://h:1/v1', apiKey: 'sk-own' }, env)).toMatchObject({ baseUrl: 'http://h:1/v1', apiKey: 'sk-own' });
    expect(errorOf({}, { OPENAI_COMPATIBLE_BASE_URL: 'ftp://x' }).argument).toBe('env.OPENAI_COMPATIBLE_BASE_URL');
  });

  it('knows the single model named by defaultModel when no list is given', () => {
    expect(resolve({ defaultModel: 'llama' })).toMatchObject({ models: ['llama'], defaultModel: 'llama' });
    expect(resolve({})).toMatchObject({ models: [], defaultModel: '' });
  });

  it('names the field and what is expected', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ baseUrl: 'localhost:8080' }, 'baseUrl', /http/],
      [{ baseURL: 'http://x' }, 'baseURL', /Did you mean 'baseUrl'/],
      [{ id: 'Local LLM' }, 'id', /lower-case/],
      [{ apiKey: '' }, 'apiKey', /non-empty string/],
      [{ apiKey: 'sk\nx' }, 'apiKey', /line break/],
      [{ models: 'a' }, 'models', /array of model names/],
      [{ models: [] }, 'models', /createOpenAICompatibleProvider/],
      [{ models: ['a', 7] }, 'models[1]', /model name/],
      [{ models: ['a', 'a'] }, 'models[1]', /twice/],
      [{ models: ['a'], defaultModel: 'b' }, 'defaultModel', /not one of models \(a\)/],
      [{ models: ['a'], visionModels: ['v'] }, 'visionModels[0]', /not one of models/],
      [{ modelAliases: { fast: 3 } }, "modelAliases['fast']", /non-empty string/],
      [{ headers: { 'bad header': 'x' } }, "headers['bad header']", /header name/],
      [{ apiKey: 'sk', headers: { Authorization: 'Basic x' } }, "headers['Authorization']", /one or the other/],
      [{ stream: 'yes' }, 'stream', /true or false/],
    ];
    for (const [raw, field, message] of cases) {
      const error = errorOf(raw);
      expect(error.argument).toBe(`${source}.${field}`);
      expect(error.message).toMatch(message);
    }
  });

  it('never echoes an API key in an error', () => {
    expect(errorOf({ apiKey: 'sk-secret\n' }).message).not.toContain('sk-secret');
  });
});
