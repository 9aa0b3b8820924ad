import type { Capability } from '../provider/model-capabilities.js';
import { SwitchboardError } from './switchboard-error.js';

const WHAT: Record<Capability, string> = {
  tools: 'tool calls',
  parallelToolCalls: 'parallel tool calls',
  structuredOutput: 'structured output (a JSON response format)',
};

/**
 * The request needs something (tools, parallel tool calls, structured output) that no provider
 * serving the model declares. Raised before any request is sent, naming the models that have it.
 */
export class UnsupportedCapabilityError extends SwitchboardError {
  static override readonly errorName: string = 'UnsupportedCapabilityError';
  override readonly name: string = 'UnsupportedCapabilityError';

  readonly capability: Capability;
  /** The model name the caller asked for. */
  readonly modelId: string;
  /** Public model names some provider serves with this capability. */
  readonly modelsWithCapability: readonly string[];

  constructor(options: { capability: Capability; modelId: string; modelsWithCapability: readonly string[]; hint?: string }) {
    const alternatives = options.modelsWithCapability.length
      ? ` Models that have it: ${options.modelsWithCapability.join(', ')}.`
      : ' No registered provider declares it for any model.';
    super({
      message: `No provider of model '${options.modelId}' supports ${WHAT[options.capability]}, which this request needs.${alternatives}${options.hint ? ` ${options.hint}` : ''}`,
    });
    this.capability = options.capability;
    this.modelId = options.modelId;
    this.modelsWithCapability = options.modelsWithCapability;
  }
}
