import { asSentence } from './as-sentence.js';
import { SwitchboardError } from './switchboard-error.js';

/** A provider that would serve the name if it were configured, and why it is not. */
export interface NotConfiguredRoute {
  /** The provider's id. */
  provider: string;
  /** The provider-side model it would answer with. */
  model: string;
  /** Why it is not configured. @example 'no API key' */
  reason: string;
  /** What would configure it. @example "set ACME_API_KEY, or providerOptions['acme'].apiKey" */
  fix: string;
}

/** No provider (or not the given one) serves the requested model name. */
export class ModelNotFoundError extends SwitchboardError {
  static override readonly errorName: string = 'ModelNotFoundError';
  override readonly name: string = 'ModelNotFoundError';
  override readonly code: string = 'model-not-found';

  readonly modelId: string;
  /** The provider that was asked, when the lookup was limited to one. */
  readonly provider: string | undefined;
  /** Every valid name (models and aliases) that could have been used. */
  readonly availableModels: readonly string[];
  /** The valid names closest to `modelId`, best first. */
  readonly closestModels: readonly string[];
  /**
   * Installed providers that would serve the name but are not configured (no API key, no
   * models), each with the reason and the fix. Empty when the name is simply unknown.
   */
  readonly notConfigured: readonly NotConfiguredRoute[];

  constructor(options: {
    modelId: string;
    provider?: string;
    availableModels: readonly string[];
    closestModels: readonly string[];
    notConfigured?: readonly NotConfiguredRoute[];
    /** Appended to the message (what else explains it: providers installed but not configured, a second copy of core). */
    note?: string;
    message?: string;
    cause?: unknown;
  }) {
    const notConfigured = options.notConfigured ?? [];
    super({
      message:
        options.message ?? `${notConfigured.length > 0 ? servedByNotConfigured(options.modelId, notConfigured) : notServed(options)}${options.note ?? ''}`,
      cause: options.cause,
    });
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.availableModels = options.availableModels;
    this.closestModels = options.closestModels;
    this.notConfigured = notConfigured;
  }
}

function notServed(options: {
  modelId: string;
  provider?: string;
  availableModels: readonly string[];
  closestModels: readonly string[];
  note?: string;
}): string {
  const where = options.provider ? `provider '${options.provider}'` : 'any registered provider';
  const hint = options.closestModels.length > 0 ? ` Did you mean ${options.closestModels.map((name) => `'${name}'`).join(' or ')}?` : '';
  const list =
    options.availableModels.length > 0
      ? ` Valid models: ${options.availableModels.join(', ')}.`
      : options.note
        ? ' No configured provider serves a model.'
        : ' No models are registered: did you import a provider plugin?';
  return `Model '${options.modelId}' is not served by ${where}.${hint}${list}`;
}

/** "'acme-large' is served by 'acme', which is not configured: no API key. Set ACME_API_KEY, …" */
function servedByNotConfigured(modelId: string, routes: readonly NotConfiguredRoute[]): string {
  const by = (route: NotConfiguredRoute) => `'${route.provider}'${route.model === modelId ? '' : ` (as '${route.model}')`}`;
  if (routes.length === 1) {
    const [route] = routes as [NotConfiguredRoute];
    return `Model '${modelId}' is served by ${by(route)}, which is not configured: ${route.reason}. ${asSentence(route.fix)}`;
  }
  return `Model '${modelId}' is served by ${routes.map(by).join(' and ')}, which are not configured: ${routes
    .map((route) => `'${route.provider}': ${route.reason}. ${asSentence(route.fix)}`)
    .join(' ')}`;
}
