import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core/provider';
import { thrown } from '@switchboard/core/testing';
import { OPENAI_COMPATIBLE_BASE_URL, resolveOpenAICompatibleSettings } from './openai-compatible-settings.js';

const source = 'providerOptions.openai-compatible';
const resolve = (raw: unknown, env: Record<string, string> = {}) => resolveOpenAICompatibleSettings(raw, { env, registeredAs: 'openai-compatible' });
const failure = (raw: unknown, env: Record<string, string> = {}) => thrown(() => resolve(raw, env)) as InvalidArgumentError;

describe('resolveOpenAICompatibleSettings', () => {
  it('applies defaults', () => {
    expect(resolve({ models: ['a', 'b'] })).toEqual({
      id: 'openai-compatible',
      label: 'OpenAI-compatible',
      baseUrl: OPENAI_COMPATIBLE_BASE_URL,
      apiKey: undefined,
      models: ['a', 'b'],
      defaultModel: 'a',
      visionModels: [],
      modelAliases: {},
      headers: {},
      stream: true,
      defaultCapabilities: { tools: true, parallelToolCalls: true, structuredOutput: true },
      capabilities: {},
      maxResponseBytes: 16 * 1024 * 1024,
      maxEventBytes: 16 * 1024 * 1024,
      defaultCallSettings: { unsupported: [] },
      callSettings: {},
    });
  });

  it('turns capabilities off for every model, or per model', () => {
    const resolved = resolve({ models: ['a', 'b'], defaultCapabilities: { structuredOutput: false }, capabilities: { b: { tools: false } } });
    expect(resolved).toMatchObject({
      defaultCapabilities: { tools: true, parallelToolCalls: true, structuredOutput: false },
      capabilities: { b: { tools: false } },
    });
  });

  it('refuses capabilities for a model it does not serve, naming the closest one', () => {
    const error = failure({ models: ['llama-3.1-8b', 'qwen'], capabilities: { 'llama-3.1-8': { tools: false } } });
    expect(error.argument).toBe(`${source}.capabilities`);
    expect(error.message).toBe(`Invalid ${source}.capabilities: 'llama-3.1-8' is not among models (llama-3.1-8b, qwen); did you mean 'llama-3.1-8b'?`);
    // Models about to be read from the server are checked by the factory, against what it lists.
    expect(
      resolveOpenAICompatibleSettings({ capabilities: { later: {} } }, { env: {}, registeredAs: 'openai-compatible', modelsPending: true }).capabilities,
    ).toEqual({ later: {} });
  });

  it('reads the base URL and key from the environment when the settings do not give them', () => {
    const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://10.0.0.2:8000/v1/', OPENAI_COMPATIBLE_API_KEY: 'sk-env' };
    expect(resolve({ models: ['a'] }, env)).toMatchObject({ baseUrl: 'http://10.0.0.2:8000/v1', apiKey: 'sk-env' });
    expect(resolve({ models: ['a'], baseUrl: 'http://h:1/v1', apiKey: 'sk-own' }, env)).toMatchObject({ baseUrl: 'http://h:1/v1', apiKey: 'sk-own' });
    expect(failure({}, { OPENAI_COMPATIBLE_BASE_URL: 'ftp://x' }).argument).toBe('env.OPENAI_COMPATIBLE_BASE_URL');
  });

  it('knows the single model named by defaultModel when no list is given, and none otherwise', () => {
    expect(resolve({ defaultModel: 'llama' })).toMatchObject({ models: ['llama'], defaultModel: 'llama' });
    expect(resolve({})).toMatchObject({ models: [], defaultModel: '' });
  });

  it.each<[raw: Record<string, unknown>, field: string, message: RegExp]>([
    [{ baseUrl: 'localhost:8080' }, 'baseUrl', /uses 'localhost:'; only http: and https:/],
    [{ baseURL: 'http://x' }, 'baseURL', /unknown setting; did you mean 'baseUrl'\?/],
    [{ id: 'Local LLM' }, 'id', /lower-case/],
    [{ apiKey: '' }, 'apiKey', /not empty/],
    [{ apiKey: 'sk\nx' }, 'apiKey', /no line break/],
    [{ models: 'a' }, 'models', /array of model names/],
    [{ models: [] }, 'models', /is empty; .*createOpenAICompatible/],
    [{ models: ['a', 7] }, 'models[1]', /model name, got 7/],
    [{ models: ['a', 'a'] }, 'models', /lists 'a' twice/],
    [{ models: ['a'], defaultModel: 'b' }, 'defaultModel', /'b' is not one of models \(a\)/],
    [{ models: ['a'], visionModels: ['v'] }, 'visionModels', /'v' is not among models \(a\)/],
    [{ modelAliases: { fast: 3 } }, 'modelAliases.fast', /model name, got 3/],
    [{ headers: { 'bad header': 'x' } }, 'headers["bad header"]', /not a valid HTTP header name/],
    [{ apiKey: 'sk', headers: { Authorization: 'Basic x' } }, 'headers', /one or the other/],
    [{ stream: 'yes' }, 'stream', /true or false, got "yes"/],
    [{ defaultCapabilities: { tool: false } }, 'defaultCapabilities.tool', /unknown capability; did you mean 'tools'\?/],
    [{ models: ['a'], capabilities: { a: { tools: 'no' } } }, 'capabilities.a.tools', /true or false, got "no"/],
    [{ models: ['a'], capabilities: ['a'] }, 'capabilities', /an object mapping model names to capabilities/],
  ])('%j: names %s and what is expected', (raw, field, message) => {
    const error = failure(raw);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe(`${source}.${field}`);
    expect(error.message).toMatch(message);
  });

  it('lists every problem at once', () => {
    const error = failure({ baseURL: 'http://x', stream: 'yes', models: [1] });
    expect(error.message).toMatch(/^Invalid providerOptions\.openai-compatible: 3 problems:\n/);
    expect(error.argument).toBe(source);
    for (const field of ['baseURL', 'stream', 'models[0]']) expect(error.message).toContain(`${source}.${field}:`);
  });

  it('never echoes an API key in an error', () => {
    expect(failure({ apiKey: 'sk-secret\n' }).message).not.toContain('sk-secret');
  });

  it('refuses another id for the registered provider, whose settings are keyed by its id', () => {
    const error = thrown(() =>
      resolveOpenAICompatibleSettings({ id: 'groq', models: ['a'] }, { env: {}, registeredAs: 'openai-compatible' }),
    ) as InvalidArgumentError;
    expect(error.argument).toBe(`${source}.id`);
    expect(error.message).toContain('createOpenAICompatible({ id: "groq"');
  });

  it('takes how the models take the standard call settings, for every model or per model, and checks the names', () => {
    expect(
      resolve({ models: ['a', 'o3'], defaultCallSettings: { unsupported: ['topK'] }, callSettings: { o3: { maxTokensField: 'max_completion_tokens' } } }),
    ).toMatchObject({
      defaultCallSettings: { unsupported: ['topK'] },
      callSettings: { o3: { maxTokensField: 'max_completion_tokens' } },
    });
    expect(failure({ models: ['a'], defaultCallSettings: { unsupported: ['top_k'] } })).toMatchObject({
      argument: `${source}.defaultCallSettings.unsupported[0]`,
    });
    expect(failure({ models: ['a'], callSettings: { b: { maxTokensField: 'max_tokens' } } })).toMatchObject({
      argument: `${source}.callSettings`,
      reason: "'b' is not among models (a); did you mean 'a'?",
    });
  });
});
