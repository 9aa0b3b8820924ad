import { PROVIDER_SPECIFICATION_VERSION, type Provider, type ProviderChunk } from '@switchboard/core';

/** Options of {@link BenchProvider}. */
export interface BenchProviderOptions {
  id: string;
  models: readonly string[];
}

/**
 * A provider that answers at once without I/O, for measuring the registry itself (registration,
 * catalogue, `create()`): anything it costs is the registry's.
 */
export class BenchProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id: string;
  readonly url = 'http://127.0.0.1/';
  readonly loginUrl = undefined;
  readonly apiEndpoint = undefined;
  readonly working = true;
  readonly needsAuth = false;
  readonly useNodriver = true;
  readonly supportsStream = false;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly defaultModel: string;
  readonly defaultVisionModel = undefined;
  readonly visionModels: readonly string[] = [];
  readonly models: readonly string[];
  readonly modelAliases: Readonly<Record<string, string>> = {};

  constructor({ id, models }: BenchProviderOptions) {
    this.id = id;
    this.models = models;
    this.defaultModel = models[0]!;
  }

  async *createAsyncGenerator(model: string): AsyncGenerator<ProviderChunk> {
    yield `answer from ${this.id}/${model}`;
  }
}
