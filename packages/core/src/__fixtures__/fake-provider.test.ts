import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';
import { createCallOptions } from '../testing/create-call-options.js';
import { createFakeProvider } from './fake-provider.js';

describe('createFakeProvider', () => {
  it('fills every attribute with a sensible default', () => {
    const provider = createFakeProvider({ id: 'fake' });
    expect(provider).toMatchObject({
      specificationVersion: PROVIDER_SPECIFICATION_VERSION,
      id: 'fake',
      models: ['echo'],
      defaultModel: 'echo',
      working: true,
      supportsStream: true,
      visionModels: [],
    });
  });

  it('answers with `answer` and records each call', async () => {
    const provider = createFakeProvider({
      id: 'fake',
      models: ['a', 'b'],
      answer: async function* (model) {
        yield `model ${model}`;
      },
    });
    const chunks = [];
    for await (const chunk of provider.createAsyncGenerator('b', [{ role: 'user', content: 'hi' }], createCallOptions())) chunks.push(chunk);
    expect(chunks).toEqual(['model b']);
    expect(provider.calls.map((call) => [call.model, call.messages])).toEqual([['b', [{ role: 'user', content: 'hi' }]]]);
    expect(provider.defaultModel).toBe('a');
  });
});
