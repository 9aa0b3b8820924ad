// The Switchboard provider conformance suite: attributes, model names, streaming, abort, typed errors.
import { describeProviderConformance } from '@switchboard/testing/conformance';
import { __FACTORY_NAME__ } from '../src/provider.js';

describeProviderConformance({
  name: '__PROVIDER_LABEL__',
  create: ({ baseUrl }) => __FACTORY_NAME__({ baseUrl, apiKey: 'test-key' }, { env: {} }),
  // How the service answers: the suite's own server sends this ('' is an empty answer).
  answer: (text) => ({ body: JSON.stringify({ output: text, usage: { input_tokens: 3, output_tokens: 5 } }) }),
});
