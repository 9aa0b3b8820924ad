import type { Provider } from '../provider/provider.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { Message } from '../provider/message.js';
import type { ProviderChunk } from '../provider/stream-part.js';
import { plainProviderAttributes } from '../testing/plain-provider-attributes.js';

/** Options for {@link createFakeProvider}: any provider attribute, plus how it answers. */
export type FakeProviderOptions = Partial<Provider> & {
  id: string;
  /**
   * How the provider answers each call. Default: yields `hello from <id>`.
   * Throw to fail the attempt; respect `options.signal` to be cancellable.
   */
  answer?: (model: string, messages: readonly Message[], options: ProviderCallOptions) => AsyncIterable<ProviderChunk>;
};

/**
 * Core's own test double (not shipped: hosts and plugins test with `@switchboard/testing`'s
 * `createMockProvider`, which core cannot depend on): every attribute defaults to something
 * sensible (`models: ['echo']`, streaming, system messages and history supported, no vision, no call
 * settings honoured), and its calls are recorded in `calls`.
 */
export function createFakeProvider(
  options: FakeProviderOptions,
): Provider & { calls: { model: string; messages: readonly Message[]; options: ProviderCallOptions }[] } {
  const { answer = options.createAsyncGenerator?.bind(options), ...attributes } = options;
  const models = attributes.models ?? ['echo'];
  const calls: { model: string; messages: readonly Message[]; options: ProviderCallOptions }[] = [];
  return {
    ...plainProviderAttributes(attributes.id, models),
    ...attributes,
    models,
    calls,
    createAsyncGenerator(model: string, messages: readonly Message[], callOptions: ProviderCallOptions) {
      calls.push({ model, messages, options: callOptions });
      if (answer) return answer(model, messages, callOptions);
      return (async function* () {
        yield `hello from ${attributes.id}`;
      })();
    },
  };
}
