import { SwitchboardError } from './switchboard-error.js';

/** No provider (or not the given one) serves the requested model name. */
export class ModelNotFoundError extends SwitchboardError {
  static override readonly errorName: string = 'ModelNotFoundError';
  override readonly name: string = 'ModelNotFoundError';

  readonly modelId: string;
  /** The provider that was asked, when the lookup was limited to one. */
  readonly provider: string | undefined;
  /** Every valid name (models and aliases) that could have been used. */
  readonly availableModels: readonly string[];
  /** The valid names closest to `modelId`, best first. */
  readonly closestModels: readonly string[];

  constructor(options: {
    modelId: string;
    provider?: string;
    availableModels: readonly string[];
    closestModels: readonly string[];
    message?: string;
    cause?: unknown;
  }) {
    const where = options.provider ? `provider '${options.provider}'` : 'any registered provider';
    const hint = options.closestModels.length > 0 ? ` Did you mean ${options.closestModels.map((name) => `'${name}'`).join(' or ')}?` : '';
    const list =
      options.availableModels.length > 0
        ? ` Valid models: ${options.availableModels.join(', ')}.`
        : ' No models are registered: did you import a provider plugin?';
    super({
      message: options.message ?? `Model '${options.modelId}' is not served by ${where}.${hint}${list}`,
      cause: options.cause,
    });
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.availableModels = options.availableModels;
    this.closestModels = options.closestModels;
  }
}
