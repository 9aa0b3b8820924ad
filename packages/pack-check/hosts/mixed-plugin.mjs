// An ESM plugin, as a third party writes one: it imports core's plugin entry point and registers
// a provider whose failures are core's error classes.
import { PROVIDER_SPECIFICATION_VERSION, RateLimitError, registerProvider } from '@switchboard/core/provider';

export class MixedProvider {
  specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  id = 'mixed';
  url = 'https://mixed.example';
  loginUrl = undefined;
  apiEndpoint = undefined;
  working = true;
  needsAuth = false;
  useNodriver = true;
  supportsStream = true;
  supportsSystemMessage = true;
  supportsMessageHistory = true;
  defaultModel = 'mixed-1';
  defaultVisionModel = undefined;
  visionModels = [];
  models = ['mixed-1'];
  modelAliases = {};

  async *createAsyncGenerator(model, messages) {
    if (messages.at(-1).content === 'fail') throw new RateLimitError({ provider: this.id, model, message: 'slow down', retryAfterMs: 1_234 });
    yield 'hello from the ESM plugin';
  }
}

registerProvider(MixedProvider);
