import type { WarningStreamPart } from '@switchboard/core';

/**
 * Something the client should know about an answer that is not an error: a setting the provider
 * could not honour (`unsupported-setting`), a request field no provider got (`ignored-parameter`),
 * a folded system message…
 */
export interface GatewayWarning {
  code: string;
  message: string;
  /** The provider it is about, when it is about one. */
  provider?: string;
  /** For `unsupported-setting`: the standard call setting left out (`temperature`). */
  setting?: string;
  /** For `ignored-parameter`: the request field no provider got (`logit_bias`). */
  param?: string;
}

/** The warning for a request field the gateway does not pass to providers. */
export function ignoredParameterWarning(param: string): GatewayWarning {
  return {
    code: 'ignored-parameter',
    param,
    message: `'${param}' is not passed to providers: the gateway maps the model, the messages, streaming, tools, response_format and the sampling settings (temperature, max_tokens, max_completion_tokens, top_p, top_k, stop, seed, presence_penalty, frequency_penalty).`,
  };
}

/** The registry's warnings, as the answer carries them, then one per request field no provider got. Shared by the whole and streamed answers. */
export function collectWarnings(fromRegistry: readonly WarningStreamPart[], ignored: readonly string[]): GatewayWarning[] {
  const warnings: GatewayWarning[] = fromRegistry.map(({ type: _type, ...warning }) => warning);
  for (const param of ignored) warnings.push(ignoredParameterWarning(param));
  return warnings;
}
