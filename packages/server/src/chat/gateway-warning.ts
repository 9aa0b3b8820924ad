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

/** The warning for a request field the gateway accepts but passes to no provider, and why that is harmless or what it costs. */
export function ignoredFieldWarning(param: string, why: string): GatewayWarning {
  return { code: 'ignored-parameter', param, message: `'${param}' is not passed to providers: ${why}` };
}

/** The warning for a request field the gateway does not pass to providers. */
export function ignoredParameterWarning(param: string): GatewayWarning {
  return {
    code: 'ignored-parameter',
    param,
    message: `'${param}' is not passed to providers: the gateway maps the model, the messages, streaming, tools, response_format and the sampling settings (temperature, max_tokens, max_completion_tokens, top_p, top_k, stop, seed, presence_penalty, frequency_penalty).`,
  };
}

/** Names listed in one warning about unknown fields; a body may have thousands, a header must stay short. */
const LISTED_FIELDS = 8;

/** One warning for every field of the request the gateway does not know, naming the first few. */
export function unknownFieldsWarning(fields: readonly string[], api: string): GatewayWarning {
  const listed = fields.slice(0, LISTED_FIELDS).map((field) => `'${field.slice(0, 64)}'`);
  const more = fields.length > LISTED_FIELDS ? ` and ${fields.length - LISTED_FIELDS} more` : '';
  return ignoredFieldWarning(
    fields[0]!.slice(0, 64),
    `the gateway does not know ${listed.join(', ')}${more} (not fields of ${api} it reads), so no provider got them.`,
  );
}
