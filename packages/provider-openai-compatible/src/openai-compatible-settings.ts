/**
 * Settings of the OpenAI-compatible provider: `createRegistry({ providerOptions: { 'openai-compatible': settings } })`,
 * or the argument of `createOpenAICompatibleProvider(settings)`. Every field is optional.
 */
export interface OpenAICompatibleSettings {
  /**
   * Provider id: the key of `providerOptions`, logs and attempt records. Give a second instance
   * its own id (through `createOpenAICompatibleProvider`) to serve two endpoints side by side.
   * Lower-case letters, digits, `.`, `_` and `-`.
   * @default 'openai-compatible'
   * @example 'local-llama'
   */
  id?: string;
  /**
   * The API root; chat requests go to `{baseUrl}/chat/completions`, the model list is
   * `{baseUrl}/models`.
   * @default env OPENAI_COMPATIBLE_BASE_URL, else 'http://127.0.0.1:8080/v1' (llama.cpp's server)
   * @example 'http://127.0.0.1:11434/v1' // Ollama
   */
  baseUrl?: string;
  /**
   * Sent as `Authorization: Bearer <apiKey>`. Local servers usually need none. Never logged.
   * @default env OPENAI_COMPATIBLE_API_KEY, else none
   */
  apiKey?: string;
  /**
   * The models this endpoint serves, as the server names them. The registry reads the list once,
   * when it is created, so it must be known up front: list them here, or let
   * `createOpenAICompatibleProvider()` (or `OpenAICompatibleProvider.discoverModels()`) read
   * them from `GET {baseUrl}/models` before the registry is created.
   * @default [defaultModel] when `defaultModel` is set, else none (the provider then reports `working: false`)
   * @example ['llama-3.1-8b-instruct', 'qwen2.5-vl-7b']
   */
  models?: readonly string[];
  /**
   * Used when the caller names no model. Must be one of `models`.
   * @default the first of `models`
   */
  defaultModel?: string;
  /**
   * Models that accept images (`image_url` parts). Must be among `models`.
   * @default [] (no model takes images)
   * @example ['qwen2.5-vl-7b']
   */
  visionModels?: readonly string[];
  /**
   * Public names mapped to this endpoint's model names, so the registry can serve `gpt-4o-mini`
   * from a local model.
   * @default {}
   * @example { 'gpt-4o-mini': 'llama-3.1-8b-instruct' }
   */
  modelAliases?: Readonly<Record<string, string>>;
  /**
   * Extra headers sent with every request (a gateway's routing or tenant header). Use `apiKey`
   * for the `Authorization` header.
   * @default {}
   * @example { 'x-gateway-route': 'gpu-pool-a' }
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Ask for server-sent events and yield text as it arrives. Turn off for servers whose streaming
   * is broken; the answer then arrives in one piece.
   * @default true
   */
  stream?: boolean;
}
