/**
 * Module resolution hooks: every `import '@switchboard/core'` (the bench's and the plugins') gets
 * the experimental copy instead. Registered by `use-core-copy.ts`.
 */
let coreUrl: string | undefined;

export function initialize(data: { coreUrl: string }): void {
  coreUrl = data.coreUrl;
}

export async function resolve(
  specifier: string,
  context: unknown,
  nextResolve: (specifier: string, context: unknown) => Promise<{ url: string }>,
): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === '@switchboard/core' && coreUrl) return { url: coreUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
