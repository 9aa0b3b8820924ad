/** What one model of a provider can do beyond text. */
export interface ModelCapabilities {
  /** Calls tools (function calling). */
  tools: boolean;
  /** Makes several tool calls in one answer. */
  parallelToolCalls: boolean;
  /** Answers in JSON, following a JSON Schema natively (`response_format`). */
  structuredOutput: boolean;
}

/** A capability a request can need. */
export type Capability = keyof ModelCapabilities;

/** Each capability in words, for messages (`does not declare tool calls`). */
export const CAPABILITY_DESCRIPTIONS: Readonly<Record<Capability, string>> = {
  tools: 'tool calls',
  parallelToolCalls: 'parallel tool calls',
  structuredOutput: 'structured output (a JSON response format)',
};

const NONE: ModelCapabilities = Object.freeze({ tools: false, parallelToolCalls: false, structuredOutput: false });

/** What a provider declares for one of its models; nothing declared is nothing supported. */
export function capabilitiesOf(
  provider: { readonly capabilities?: Readonly<Record<string, Partial<ModelCapabilities>>> | undefined },
  model: string,
): ModelCapabilities {
  const declared = provider.capabilities?.[model];
  return declared ? { ...NONE, ...declared } : NONE;
}
