/** Something the client should know about an answer that is not an error (an extra not passed on, a folded system message). */
export interface GatewayWarning {
  code: string;
  message: string;
}

/** The warning for extras that the answering provider did not receive. */
export function extrasNotPassedWarning(extras: Readonly<Record<string, unknown>>, provider: string): GatewayWarning {
  const names = Object.keys(extras)
    .map((name) => `'${name}'`)
    .join(', ');
  return {
    code: 'extras-not-passed',
    message: `Provider '${provider}' answered and takes no per-call options, so ${names} did not reach it.`,
  };
}
