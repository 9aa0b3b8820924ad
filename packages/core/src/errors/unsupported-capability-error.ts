import { SwitchboardError } from './switchboard-error.js';

/**
 * The request needs something (tools, parallel tool calls, structured output) that no provider
 * serving the model declares. Raised before any request is sent, naming the models that have it.
 */
export class UnsupportedCapabilityError extends SwitchboardError {
  static override readonly errorName: string = 'UnsupportedCapabilityError';
  override readonly name: string = 'UnsupportedCapabilityError';
  override readonly code: string = 'unsupported-capability';

  /** The capability the request needs: a key of `ModelCapabilities` (`tools`, `parallelToolCalls`, `structuredOutput`). */
  readonly capability: string;
  /** The model name the caller asked for. */
  readonly modelId: string;
  /** Public model names some provider serves with this capability. */
  readonly modelsWithCapability: readonly string[];

  constructor(options: {
    capability: string;
    /** The capability in words (`tool calls`), for the message. */
    description: string;
    modelId: string;
    modelsWithCapability: readonly string[];
    hint?: string;
  }) {
    const alternatives = options.modelsWithCapability.length
      ? ` Models that have it: ${options.modelsWithCapability.join(', ')}.`
      : ' No registered provider declares it for any model.';
    super({
      message: `No provider of model '${options.modelId}' supports ${options.description}, which this request needs.${alternatives}${options.hint ? ` ${options.hint}` : ''}`,
    });
    this.capability = options.capability;
    this.modelId = options.modelId;
    this.modelsWithCapability = options.modelsWithCapability;
  }
}
